package io.eventline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class EventTypeRuleUnitTests {
  private static final String RULE = "breaks the naming rule '<aggregate>.<past-tense verb>'";

  private final Logger ruleLog = (Logger) LoggerFactory.getLogger(EventTypeRule.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    ruleLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    ruleLog.detachAppender(logged);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "order.placed",
        "user.email_verified",
        "payment.failed",
        "notification.sent",
        "invoice.paid",
        "report.built",
        "funds.held",
        "auction.won",
        "item.added",
        "coupon.applied",
        "order.shipped_late",
        "user.logged_in",
        "shop.order.placed",
        "order2.line_item_removed",
        "payment.refund_issued",
        "account.reset",
        "order.cancelled"
      })
  void acceptsPastTenseNames(String name) {
    assertThat(EventTypeRule.reject().check(name)).isEqualTo(name);
    assertThat(EventTypeRule.isValid(name)).isTrue();
    assertThat(EventTypeRule.suggest(name)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "update_order,       order.updated",
    "send_notification,  notification.sent",
    "order.place,        order.placed",
    "OrderPlaced,        order.placed",
    "PlaceOrder,         order.placed",
    "order.add_item,     order.item_added",
    "pay_invoice,        invoice.paid",
    "stop_shipment,      shipment.stopped",
    "verify_email,       email.verified",
    "order.need,         order.needed",
    "Order.Placed,       order.placed",
    "order..placed,      order.placed",
    "Order.Place,        order.placed",
    "order.AddItem,      order.item_added",
    "ORDER_PLACED,       order.placed",
    "order-placed,       order.placed",
    "user_email_verified, user.email_verified",
    "order.ship,         order.shipped",
    "cart.empty,         cart.emptied",
    "build_report,       report.built"
  })
  void refusesOtherNamesAndSuggestsOneThatFits(String name, String suggestion) {
    assertThatThrownBy(() -> EventTypeRule.reject().check(name))
        .isInstanceOfSatisfying(
            InvalidEventTypeException.class,
            e -> {
              assertThat(e.eventType()).isEqualTo(name);
              assertThat(e.suggestion()).isEqualTo(suggestion);
              assertThat(e.getMessage())
                  .startsWith("event type '" + name + "' " + RULE)
                  .endsWith("; did you mean '" + suggestion + "'?");
            });
    assertThat(EventTypeRule.isValid(name)).isFalse();
    assertThat(EventTypeRule.suggest(name)).contains(suggestion);
    assertThat(EventTypeRule.isValid(suggestion)).isTrue();
  }

  @Test
  void saysWhyAPresentTenseNameIsRefused() {
    assertThatThrownBy(() -> EventTypeRule.reject().check("order.place"))
        .hasMessageContaining("'place' is not in the past tense");
  }

  @Test
  void saysWhyAMalformedNameIsRefused() {
    assertThatThrownBy(() -> EventTypeRule.reject().check("Order.Placed"))
        .hasMessageContaining("lowercase snake_case words");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void refusesAnEmptyName(String name) {
    assertThatThrownBy(() -> EventTypeRule.reject().check(name))
        .isInstanceOf(InvalidEventTypeException.class)
        .hasMessageContaining(RULE)
        .hasMessageEndingWith(": it is empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"order", "placed", "2fa.enabled", "order.", "..."})
  void refusesNamesWithoutASuggestionWhenNoneFits(String name) {
    assertThatThrownBy(() -> EventTypeRule.reject().check(name))
        .isInstanceOfSatisfying(
            InvalidEventTypeException.class,
            e -> {
              assertThat(e.suggestion()).isNull();
              assertThat(e.getMessage()).contains(RULE).doesNotContain("did you mean");
            });
  }

  @Test
  void refusesANameLongerThan200Characters() {
    String longest = "order." + "x".repeat(192) + "ed";
    String tooLong = "order." + "x".repeat(193) + "ed";
    assertThat(longest).hasSize(200);
    assertThat(EventTypeRule.isValid(longest)).isTrue();

    assertThatThrownBy(() -> EventTypeRule.reject().check(tooLong))
        .isInstanceOf(InvalidEventTypeException.class)
        .hasMessageContaining(RULE)
        .hasMessageContaining("201 characters long, the limit is 200");
  }

  @Test
  void rejectIsTheDefaultStrictness() {
    assertThat(EventTypeRule.reject().strictness()).isEqualTo(EventTypeRule.Strictness.REJECT);
    assertThat(EventTypeRule.of(EventTypeRule.Strictness.WARN).strictness())
        .isEqualTo(EventTypeRule.Strictness.WARN);
    assertThat(EventFactory.create().rule().strictness())
        .isEqualTo(EventTypeRule.Strictness.REJECT);
  }

  @Test
  void warnAcceptsABadNameAndLogsItOnce() {
    EventTypeRule rule = EventTypeRule.warn();

    assertThat(rule.check("update_order")).isEqualTo("update_order");
    assertThat(rule.check("update_order")).isEqualTo("update_order");
    assertThat(rule.check("order.placed")).isEqualTo("order.placed");
    assertThat(rule.check("order.place")).isEqualTo("order.place");

    assertThat(logged.list)
        .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Level.WARN,
                "event type 'update_order' "
                    + RULE
                    + " (lowercase, snake_case words, like 'order.placed' or"
                    + " 'user.email_verified'): it must be lowercase snake_case words, with a dot"
                    + " between the aggregate and the verb phrase; did you mean 'order.updated'?"
                    + " (accepted because the naming strictness is WARN)"),
            org.assertj.core.groups.Tuple.tuple(
                Level.WARN,
                "event type 'order.place' "
                    + RULE
                    + " (lowercase, snake_case words, like 'order.placed' or"
                    + " 'user.email_verified'): 'place' is not in the past tense, and an event"
                    + " records a fact that already happened; did you mean 'order.placed'?"
                    + " (accepted because the naming strictness is WARN)"));
  }

  @Test
  void warnStillRefusesAnEmptyName() {
    assertThatThrownBy(() -> EventTypeRule.warn().check(" "))
        .isInstanceOf(InvalidEventTypeException.class);
    assertThat(logged.list).isEmpty();
  }

  @Test
  void rejectLogsNothing() {
    assertThatThrownBy(() -> EventTypeRule.reject().check("update_order"))
        .isInstanceOf(InvalidEventTypeException.class);
    assertThat(logged.list).isEmpty();
  }
}
