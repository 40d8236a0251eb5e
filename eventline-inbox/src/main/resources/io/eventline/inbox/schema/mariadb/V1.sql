-- The inbox: one mark per (consumer, event) that was handled, written first in the handler's own
-- transaction. The primary key is the dedupe: a second insert of the same mark waits for the first
-- transaction and then fails, so a duplicate never runs its handler. Times are UTC, written by the
-- consumer's injected clock.
CREATE TABLE IF NOT EXISTS eventline_inbox (
  consumer          VARCHAR(100) NOT NULL,
  event_id          CHAR(36) NOT NULL,
  event_type        VARCHAR(255) NULL,
  aggregate_type    VARCHAR(255) NULL,
  aggregate_id      VARCHAR(255) NULL,
  aggregate_version BIGINT NULL,
  correlation_id    VARCHAR(255) NULL,
  processed_at      DATETIME(6) NOT NULL,
  PRIMARY KEY (consumer, event_id),
  KEY eventline_inbox_processed (processed_at)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS eventline_inbox_aggregate (
  consumer       VARCHAR(100) NOT NULL,
  aggregate_type VARCHAR(255) NOT NULL,
  aggregate_id   VARCHAR(255) NOT NULL,
  last_version   BIGINT NOT NULL,
  updated_at     DATETIME(6) NOT NULL,
  PRIMARY KEY (consumer, aggregate_type, aggregate_id),
  KEY eventline_inbox_aggregate_updated (updated_at)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS eventline_dead_letter (
  id                  BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  consumer            VARCHAR(100) NOT NULL,
  kind                VARCHAR(16) NOT NULL,
  event_id            CHAR(36) NULL,
  event_type          TEXT NULL,
  aggregate_type      TEXT NULL,
  aggregate_id        TEXT NULL,
  aggregate_version   BIGINT NULL,
  occurred_at         DATETIME(6) NULL,
  correlation_id      TEXT NULL,
  causation_id        TEXT NULL,
  traceparent         TEXT NULL,
  headers             LONGTEXT NOT NULL DEFAULT '{}',
  payload             LONGBLOB NULL,
  source              VARCHAR(400) NULL,
  attempts            INT NOT NULL DEFAULT 0,
  error               TEXT NOT NULL,
  dead_at             DATETIME(6) NOT NULL,
  replay_requested_at DATETIME(6) NULL,
  replayed_at         DATETIME(6) NULL,
  replay_outcome      VARCHAR(16) NULL,
  replay_error        TEXT NULL,
  UNIQUE KEY eventline_dead_letter_event (consumer, event_id),
  UNIQUE KEY eventline_dead_letter_source (consumer, source),
  KEY eventline_dead_letter_open (consumer, replayed_at, id)
) ENGINE = InnoDB;
