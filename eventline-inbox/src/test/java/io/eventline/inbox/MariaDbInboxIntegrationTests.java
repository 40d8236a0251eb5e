package io.eventline.inbox;

import io.eventline.testkit.DatabaseExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbInboxIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.mariadb();

  @Nested
  class Dedupe extends InboxDedupeContract {
    @Override
    DatabaseExtension database() {
      return db;
    }
  }

  @Nested
  class DeadLetters extends InboxDeadLetterContract {
    @Override
    DatabaseExtension database() {
      return db;
    }
  }

  @Nested
  class GuardAndRetention extends InboxGuardRetentionContract {
    @Override
    DatabaseExtension database() {
      return db;
    }
  }
}
