package io.eventline.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptUnitTests {

  @Test
  void splitsOnSemicolonsOutsideQuotesCommentsAndDollarBodies() {
    String script =
        """
        -- a comment; with a semicolon
        CREATE TABLE a (x TEXT DEFAULT ';');
        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM 1; RETURN NULL; END
        $$;
        INSERT INTO a VALUES ('it''s; fine');
        """;

    assertThat(SqlScript.statements(script))
        .containsExactly(
            "CREATE TABLE a (x TEXT DEFAULT ';')",
            "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                + "BEGIN PERFORM 1; RETURN NULL; END\n$$",
            "INSERT INTO a VALUES ('it''s; fine')");
  }
}
