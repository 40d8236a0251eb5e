-- The outbox table is a contract: any writer may add an event with one INSERT of
-- (event_id, aggregate_type, aggregate_id, event_type, payload); every other column has a default
-- or is computed here. Times are UTC.
CREATE TABLE IF NOT EXISTS eventline_outbox (
  position          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id          CHAR(36) NOT NULL,
  aggregate_type    VARCHAR(255) NOT NULL,
  aggregate_id      VARCHAR(255) NOT NULL,
  aggregate_version BIGINT NULL,
  event_type        VARCHAR(255) NOT NULL,
  topic             VARCHAR(255) NULL,
  payload           LONGTEXT NOT NULL CHECK (JSON_VALID(payload)),
  headers           LONGTEXT NOT NULL DEFAULT '{}' CHECK (JSON_VALID(headers)),
  occurred_at       DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  created_at        DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  partition_no      SMALLINT AS (CRC32(aggregate_id) % 32) PERSISTENT,
  attempts          INT NOT NULL DEFAULT 0,
  next_attempt_at   DATETIME(6) NULL,
  last_error        TEXT NULL,
  published_at      DATETIME(6) NULL,
  dead_at           DATETIME(6) NULL,
  skipped_at        DATETIME(6) NULL,
  correlation_id    VARCHAR(255) AS (JSON_VALUE(headers, '$.correlation_id')) PERSISTENT,
  UNIQUE KEY eventline_outbox_event_id_key (event_id),
  KEY eventline_outbox_pending (partition_no, published_at, position),
  KEY eventline_outbox_blocking (aggregate_id, aggregate_type, published_at, attempts, position),
  KEY eventline_outbox_correlation (correlation_id),
  KEY eventline_outbox_created (created_at)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS eventline_outbox_lease (
  partition_no SMALLINT NOT NULL PRIMARY KEY,
  owner        VARCHAR(255) NULL,
  token        BIGINT NOT NULL DEFAULT 0,
  acquired_at  DATETIME(6) NULL,
  expires_at   DATETIME(6) NULL
) ENGINE = InnoDB;

INSERT IGNORE INTO eventline_outbox_lease (partition_no)
  VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15),
         (16),(17),(18),(19),(20),(21),(22),(23),(24),(25),(26),(27),(28),(29),(30),(31);

CREATE TABLE IF NOT EXISTS eventline_relay_instance (
  instance_id  VARCHAR(255) NOT NULL PRIMARY KEY,
  started_at   DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  heartbeat_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  expires_at   DATETIME(6) NOT NULL
) ENGINE = InnoDB;
