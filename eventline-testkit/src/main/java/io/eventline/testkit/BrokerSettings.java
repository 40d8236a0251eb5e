package io.eventline.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration of a single combined broker and controller node on loopback: node 1, its own
 * single-voter quorum, replication factor 1 everywhere, and small sizes and thread counts for a
 * two-core test machine.
 */
record BrokerSettings(int brokerPort, int controllerPort, Path logDir) {
  static final String HOST = "127.0.0.1";
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  static final int NODE_ID = 1;
  private static final int MIB = 1024 * 1024;

  String bootstrapServers() {
    return HOST + ":" + brokerPort;
  }

  String describe() {
    return "PLAINTEXT "
        + HOST
        + ":"
        + brokerPort
        + ", CONTROLLER "
        + HOST
        + ":"
        + controllerPort
        + ", log dir "
        + logDir;
  }

  /** The settings as a properties file would give them: every value a string. */
  Map<String, String> toMap() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", NODE_ID);
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("server.max.startup.time.ms", 60_000);
    p.put("broker.heartbeat.interval.ms", 500);

    p.put("auto.create.topics.enable", false);
    p.put("num.partitions", 1);
    p.put("default.replication.factor", 1);
    p.put("min.insync.replicas", 1);
    p.put("offsets.topic.replication.factor", 1);
    p.put("offsets.topic.num.partitions", 4);
    p.put("offsets.topic.segment.bytes", 4 * MIB);
    p.put("transaction.state.log.replication.factor", 1);
    p.put("transaction.state.log.min.isr", 1);
    p.put("transaction.state.log.num.partitions", 4);
    p.put("transaction.state.log.segment.bytes", 4 * MIB);
    p.put("share.coordinator.state.topic.replication.factor", 1);
    p.put("share.coordinator.state.topic.min.isr", 1);
    p.put("share.coordinator.state.topic.num.partitions", 1);
    p.put("group.initial.rebalance.delay.ms", 0);

    p.put("log.segment.bytes", 4 * MIB);
    p.put("log.index.size.max.bytes", MIB);
    p.put("log.retention.bytes", 64L * MIB);
    p.put("log.retention.ms", 6L * 3600 * 1000);
    p.put("log.retention.check.interval.ms", 60_000);
    p.put("log.cleaner.dedupe.buffer.size", 4L * MIB);

    p.put("num.network.threads", 2);
    p.put("num.io.threads", 2);
    p.put("background.threads", 2);
    p.put("num.recovery.threads.per.data.dir", 1);
    Map<String, String> strings = new LinkedHashMap<>();
    p.forEach((key, value) -> strings.put(key, String.valueOf(value)));
    return strings;
  }
}
