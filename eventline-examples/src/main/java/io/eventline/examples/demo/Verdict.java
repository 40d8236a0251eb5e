package io.eventline.examples.demo;

import io.eventline.examples.ExampleSystem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The demo's verdict, computed only from the three databases and an independent read of the three
 * topics — never from counters kept by the code under test.
 */
final class Verdict {
  /** One check: what was checked, whether it held, and the figures behind it. */
  record Check(String name, boolean passed, String detail) {}

  private final List<Check> checks = new ArrayList<>();

  List<Check> checks() {
    return checks;
  }

  boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  /**
   * @param duplicatesInjected whether the demo re-sent records: then duplicates must have reached
   *     the consumers (and had no effect); without, only the absence of duplicate effects counts
   */
  static Verdict compute(
      ExampleSystem.Databases db,
      DemoBroker broker,
      int ordersPlaced,
      String poisonOrder,
      boolean duplicatesInjected) {
    Verdict verdict = new Verdict();
    ExampleSystem.Topics topics = broker.topics();
    DataSource orders = db.orders();
    DataSource payments = db.payments();
    DataSource notifications = db.notifications();

    long placedRows = Sql.count(orders, "SELECT count(*) FROM orders");
    verdict.add(
        "every order placed is in the orders table",
        placedRows == ordersPlaced,
        ordersPlaced + " placed, " + placedRows + " rows");

    TopicLog orderTopic = broker.read(topics.orders());
    TopicLog paymentTopic = broker.read(topics.payments());
    TopicLog notificationTopic = broker.read(topics.notifications());
    verdict.lossless("orders", orders, orderTopic, topics.orders());
    verdict.lossless("payments", payments, paymentTopic, topics.payments());
    verdict.lossless("notifications", notifications, notificationTopic, topics.notifications());

    Set<String> paymentsSaw = handled(payments, "payments");
    Set<String> notificationsSaw = handled(notifications, "notifications");
    Set<String> forNotifications = new HashSet<>(orderTopic.eventIds);
    forNotifications.addAll(paymentTopic.eventIds);
    verdict.consumed("payments", paymentsSaw, orderTopic.eventIds);
    verdict.consumed("notifications", notificationsSaw, forNotifications);

    long doublePayments =
        Sql.count(
            payments,
            "SELECT count(*) FROM (SELECT order_id FROM payments GROUP BY order_id HAVING count(*) > 1) d");
    long paidOrders = Sql.count(payments, "SELECT count(DISTINCT order_id) FROM payments");
    verdict.add(
        "no order paid twice, every placed order paid once",
        doublePayments == 0 && paidOrders == placedRows,
        paidOrders + " orders paid, " + doublePayments + " paid more than once");
    long doubleEmails =
        Sql.count(
            notifications,
            "SELECT count(*) FROM (SELECT order_id, kind FROM sent_emails GROUP BY order_id, kind HAVING count(*) > 1) d");
    long confirmations =
        Sql.count(
            notifications,
            "SELECT count(DISTINCT order_id) FROM sent_emails WHERE kind = 'order-confirmation'");
    long paymentMails =
        Sql.count(
            notifications,
            "SELECT count(DISTINCT order_id) FROM sent_emails WHERE kind <> 'order-confirmation'");
    verdict.add(
        "no e-mail sent twice, every order confirmed and its payment told",
        doubleEmails == 0 && confirmations == placedRows && paymentMails == placedRows,
        confirmations
            + " confirmations, "
            + paymentMails
            + " payment e-mails, "
            + doubleEmails
            + " duplicates");

    int brokerViolations =
        orderTopic.orderViolations
            + paymentTopic.orderViolations
            + notificationTopic.orderViolations;
    long consumerViolations =
        orderViolations(payments, "payments") + orderViolations(notifications, "notifications");
    verdict.add(
        "per-aggregate order kept on the broker and in the consumers",
        brokerViolations == 0 && consumerViolations == 0,
        brokerViolations
            + " out-of-order first deliveries, "
            + consumerViolations
            + " events handled before an earlier one of their aggregate");

    int duplicatesDelivered =
        orderTopic.duplicates() + paymentTopic.duplicates() + notificationTopic.duplicates();
    if (duplicatesInjected) {
      verdict.add(
          "duplicate deliveries reached the consumers and were dropped",
          duplicatesDelivered > 0 && doublePayments == 0 && doubleEmails == 0,
          duplicatesDelivered
              + " duplicate records in the topics, "
              + (doublePayments + doubleEmails)
              + " duplicate side effects");
    } else {
      verdict.add(
          "no duplicate side effects (no duplicates injected: --no-faults)",
          doublePayments == 0 && doubleEmails == 0,
          duplicatesDelivered
              + " duplicate records in the topics, "
              + (doublePayments + doubleEmails)
              + " duplicate side effects");
    }

    long dead = Sql.count(payments, "SELECT count(*) FROM eventline_dead_letter");
    long replayed =
        Sql.count(
            payments,
            "SELECT count(*) FROM eventline_dead_letter WHERE replayed_at IS NOT NULL AND replay_outcome = 'PROCESSED'");
    long poisonPaid =
        Sql.count(payments, "SELECT count(*) FROM payments WHERE order_id = ?", poisonOrder);
    verdict.add(
        "the poison event was dead-lettered, then replayed once",
        dead >= 1 && replayed == dead && poisonPaid == 1,
        dead
            + " dead-lettered, "
            + replayed
            + " replayed, poisoned order "
            + poisonOrder
            + " paid "
            + poisonPaid
            + " time(s)");
    return verdict;
  }

  private void lossless(String service, DataSource database, TopicLog topic, String topicName) {
    Set<String> written =
        Sql.strings(database, "SELECT CAST(event_id AS TEXT) FROM eventline_outbox");
    long unpublished =
        Sql.count(database, "SELECT count(*) FROM eventline_outbox WHERE published_at IS NULL");
    Set<String> missing = new HashSet<>(written);
    missing.removeAll(topic.eventIds);
    Set<String> unknown = new HashSet<>(topic.eventIds);
    unknown.removeAll(written);
    add(
        service + ": every event written reached topic '" + topicName + "', nothing else did",
        missing.isEmpty() && unknown.isEmpty() && unpublished == 0,
        written.size()
            + " written, "
            + (written.size() - unpublished)
            + " marked published, "
            + topic.eventIds.size()
            + " distinct on the topic ("
            + topic.records
            + " records); lost "
            + missing.size()
            + ", unknown "
            + unknown.size());
  }

  private void consumed(String consumer, Set<String> handled, Set<String> expected) {
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(handled);
    add(
        consumer + " handled every event of its topics",
        missing.isEmpty(),
        handled.size() + " handled of " + expected.size() + "; missing " + missing.size());
  }

  private static Set<String> handled(DataSource database, String consumer) {
    return Sql.strings(
        database,
        "SELECT CAST(event_id AS TEXT) FROM eventline_inbox WHERE consumer = ?",
        consumer);
  }

  private static long orderViolations(DataSource database, String consumer) {
    return Sql.count(
        database,
        "SELECT count(*) FROM eventline_inbox a JOIN eventline_inbox b ON a.consumer = b.consumer"
            + " AND a.aggregate_type = b.aggregate_type AND a.aggregate_id = b.aggregate_id"
            + " WHERE a.consumer = ? AND a.aggregate_version < b.aggregate_version"
            + " AND a.processed_at > b.processed_at",
        consumer);
  }

  private void add(String name, boolean passed, String detail) {
    checks.add(new Check(name, passed, detail));
  }
}
