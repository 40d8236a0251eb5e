package io.eventline.bench.inbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line: {@code --jdbc-url}, {@code --user}, {@code --password}, {@code --threads 1,4},
 * {@code --batches 1,10,100}, {@code --seconds 8}, {@code --warmup 2}, {@code --rounds 3}.
 */
record Options(
    String jdbcUrl,
    String user,
    String password,
    List<Integer> threads,
    List<Integer> batches,
    int seconds,
    int warmup,
    int rounds) {

  static Options parse(String[] args) {
    String url = "jdbc:postgresql://127.0.0.1:5432/test";
    String user = "postgres";
    String password = "";
    List<Integer> threads = List.of(1, 4);
    List<Integer> batches = List.of(1, 10, 100);
    int seconds = 8;
    int warmup = 2;
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--jdbc-url" -> url = require(args[i], value);
        case "--user" -> user = require(args[i], value);
        case "--password" -> password = require(args[i], value);
        case "--threads" -> threads = numbers(args[i], value);
        case "--batches" -> batches = numbers(args[i], value);
        case "--seconds" -> seconds = number(args[i], value);
        case "--warmup" -> warmup = number(args[i], value);
        case "--rounds" -> rounds = number(args[i], value);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --jdbc-url, --user, --password, --threads, --batches, --seconds,"
                    + " --warmup, --rounds");
      }
      i++;
    }
    return new Options(url, user, password, threads, batches, seconds, warmup, rounds);
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static int number(String option, String value) {
    int number = Integer.parseInt(require(option, value));
    if (number < 1) {
      throw new IllegalArgumentException(option + " must be at least 1 but was " + number);
    }
    return number;
  }

  private static List<Integer> numbers(String option, String value) {
    List<Integer> numbers = new ArrayList<>();
    for (String part : require(option, value).split(",")) {
      numbers.add(number(option, part.trim()));
    }
    return List.copyOf(numbers);
  }
}
