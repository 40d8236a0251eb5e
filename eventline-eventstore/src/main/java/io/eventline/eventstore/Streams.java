package io.eventline.eventstore;

/** Rules for stream ids. */
final class Streams {
  static final int MAX_LENGTH = 512;

  private Streams() {}

  static String category(String streamId) {
    int dash = streamId.indexOf('-');
    return dash < 0 ? streamId : streamId.substring(0, dash);
  }

  static String requireStreamId(String streamId) {
    if (streamId == null || streamId.isBlank()) {
      throw new IllegalArgumentException("streamId may not be null or blank");
    }
    if (streamId.length() > MAX_LENGTH || streamId.startsWith("$")) {
      throw new IllegalArgumentException(
          "streamId must be at most "
              + MAX_LENGTH
              + " characters and may not start with '$' (reserved) but was '"
              + clip(streamId)
              + "'");
    }
    return streamId;
  }

  static String clip(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "...";
  }
}
