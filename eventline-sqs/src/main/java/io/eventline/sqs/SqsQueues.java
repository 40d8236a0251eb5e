package io.eventline.sqs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names on SQS. A topic's queue is {@code <prefix><topic>}, dots replaced by underscores (SQS
 * allows letters, digits, '-' and '_'), plus {@code .fifo} for FIFO queues. A FIFO message group is
 * the aggregate id when SQS accepts it as one (1 to 128 printable ASCII characters), else {@code
 * sha256-} and the first 40 hex digits of the id's SHA-256: the same id always gets the same group.
 */
final class SqsQueues {
  private static final Pattern GROUP = Pattern.compile("[\\x21-\\x7e]{1,128}");

  private SqsQueues() {}

  static String queueName(String prefix, String topic, boolean fifo) {
    return prefix + topic.replace('.', '_') + (fifo ? ".fifo" : "");
  }

  static String groupId(String aggregateId) {
    if (GROUP.matcher(aggregateId).matches()) {
      return aggregateId;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(aggregateId.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + HexFormat.of().formatHex(digest).substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
