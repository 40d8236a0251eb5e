package io.eventline.timeline;

import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One service's database, to read its Eventline tables from. Tables that are absent (a service with
 * no event store, say) are skipped.
 *
 * @param service a short name shown in the timeline, such as {@code orders}
 * @param dataSource the service's database
 */
public record TimelineSource(String service, DataSource dataSource) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public TimelineSource {
    if (service == null || !NAME.matcher(service).matches()) {
      throw new IllegalArgumentException(
          "TimelineSource.service must be 1 to 64 letters, digits, '.', '_' or '-' but was '"
              + service
              + "'");
    }
    Objects.requireNonNull(dataSource, "TimelineSource.dataSource may not be null");
  }
}
