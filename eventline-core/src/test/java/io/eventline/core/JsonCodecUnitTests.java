package io.eventline.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecUnitTests {
  private final PayloadCodec codec = PayloadCodec.json();

  record OrderPlaced(
      String orderId,
      BigDecimal total,
      Instant placedAt,
      LocalDate deliveryDate,
      OffsetDateTime promisedBy,
      List<String> items) {}

  record Unencodable(Object self) {}

  static final class Cyclic {
    public Cyclic getSelf() {
      return this;
    }
  }

  private final OrderPlaced placed =
      new OrderPlaced(
          "o-1",
          new BigDecimal("19.90"),
          Instant.parse("2026-11-26T12:00:00.123456789Z"),
          LocalDate.parse("2026-12-01"),
          OffsetDateTime.of(2026, 12, 1, 18, 30, 0, 0, ZoneOffset.ofHours(2)),
          List.of("book", "pen"));

  @Test
  void roundTripsARecordWithJavaTimeFields() {
    byte[] json = codec.encode(placed);

    assertThat(codec.decode(json, OrderPlaced.class)).isEqualTo(placed);
    assertThat(codec.contentType()).isEqualTo("application/json");
  }

  @Test
  void writesDatesAsIsoStrings() {
    String json = new String(codec.encode(placed), UTF_8);

    assertThat(json)
        .contains("\"placedAt\":\"2026-11-26T12:00:00.123456789Z\"")
        .contains("\"deliveryDate\":\"2026-12-01\"")
        .contains("\"promisedBy\":\"2026-12-01T18:30:00+02:00\"");
  }

  @Test
  void keepsTheOffsetOfAnOffsetDateTime() {
    OffsetDateTime decoded =
        codec.decode("\"2026-12-01T18:30:00+02:00\"".getBytes(UTF_8), OffsetDateTime.class);

    assertThat(decoded.getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    assertThat(decoded.getHour()).isEqualTo(18);
  }

  @Test
  void ignoresUnknownProperties() {
    byte[] json = "{\"orderId\":\"o-1\",\"addedInV2\":true,\"items\":[]}".getBytes(UTF_8);

    OrderPlaced decoded = codec.decode(json, OrderPlaced.class);

    assertThat(decoded.orderId()).isEqualTo("o-1");
    assertThat(decoded.items()).isEmpty();
  }

  @Test
  void passesBytesThrough() {
    byte[] raw = {0, 1, 2, (byte) 0xFF};

    assertThat(codec.encode(raw)).isSameAs(raw);
    assertThat(codec.decode(raw, byte[].class)).isSameAs(raw);
  }

  @Test
  void malformedJsonIsACodecErrorNamingTheType() {
    assertThatThrownBy(() -> codec.decode("{\"orderId\":".getBytes(UTF_8), OrderPlaced.class))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageStartingWith("cannot decode 11 bytes of JSON as " + OrderPlaced.class.getName())
        .hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void aWrongShapeIsACodecErrorNamingTheType() {
    assertThatThrownBy(() -> codec.decode("[1,2]".getBytes(UTF_8), OrderPlaced.class))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining(OrderPlaced.class.getName());
  }

  @Test
  void jsonNullIsACodecErrorNamingTheType() {
    assertThatThrownBy(() -> codec.decode("null".getBytes(UTF_8), OrderPlaced.class))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessage("JSON 'null' cannot be decoded as " + OrderPlaced.class.getName());
  }

  @Test
  void anUnencodableObjectIsACodecErrorNamingTheType() {
    assertThatThrownBy(() -> codec.encode(new Cyclic()))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageStartingWith("cannot encode a " + Cyclic.class.getName() + " as JSON");
    assertThatThrownBy(() -> codec.encode(new Unencodable(new Object())))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageStartingWith("cannot encode a " + Unencodable.class.getName() + " as JSON");
  }

  @Test
  void usesTheCallersMapper() {
    PayloadCodec strict =
        PayloadCodec.json(
            new ObjectMapper()
                .enable(
                    com.fasterxml.jackson.databind.DeserializationFeature
                        .FAIL_ON_UNKNOWN_PROPERTIES));

    assertThatThrownBy(
            () -> strict.decode("{\"orderId\":\"o-1\",\"extra\":1}".getBytes(UTF_8), Id.class))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining(Id.class.getName());
  }

  record Id(String orderId) {}
}
