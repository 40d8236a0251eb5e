package io.eventline.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersUnitTests {

  @ParameterizedTest
  @ValueSource(strings = {"eventline", "_x", "orders_2", "A1"})
  void acceptsPlainIdentifiers(String name) {
    assertThat(Identifiers.requireSqlIdentifier("schema", name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1abc",
        "a-b",
        "a b",
        "x; DROP TABLE eventline_outbox; --",
        "\"quoted\"",
        "a'b",
        "public.outbox",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void refusesAnythingElseNamingTheSetting(String name) {
    assertThatThrownBy(() -> Identifiers.requireSqlIdentifier("eventline.schema", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("eventline.schema must be a plain SQL identifier");
  }
}
