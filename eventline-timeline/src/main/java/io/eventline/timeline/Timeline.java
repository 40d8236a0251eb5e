package io.eventline.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One business transaction across services: every entry with its correlation id, in time order, and
 * the causation tree of its events.
 *
 * @param correlationId the business transaction
 * @param entries what happened, oldest first
 */
public record Timeline(String correlationId, List<TimelineEntry> entries) {

  public Timeline {
    List<TimelineEntry> sorted = new ArrayList<>(entries);
    sorted.sort(
        Comparator.comparing(TimelineEntry::at, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(e -> e.kind().ordinal()));
    entries = List.copyOf(sorted);
  }

  /**
   * Rebuilds the timeline of {@code correlationId} from the given services' databases.
   *
   * @throws TimelineException naming the service whose database could not be read
   */
  public static Timeline of(String correlationId, List<TimelineSource> sources) {
    return new TimelineReader(sources).read(correlationId);
  }

  /**
   * Every business transaction that touched aggregate {@code aggregateType}/{@code aggregateId} (at
   * most 100), merged into one timeline labelled {@code aggregate <type>:<id>}.
   */
  public static Timeline ofAggregate(
      String aggregateType, String aggregateId, List<TimelineSource> sources) {
    TimelineReader reader = new TimelineReader(sources);
    List<TimelineEntry> entries = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String correlation : reader.correlationsOf(aggregateType, aggregateId)) {
      for (TimelineEntry entry : reader.read(correlation).entries()) {
        if (seen.add(
            entry.service() + '|' + entry.kind() + '|' + entry.eventId() + '|' + entry.actor())) {
          entries.add(entry);
        }
      }
    }
    return new Timeline("aggregate " + aggregateType + ":" + aggregateId, entries);
  }

  /** The correlation id of event {@code eventId}, searched in every source; empty if unknown. */
  public static java.util.Optional<String> correlationOf(
      String eventId, List<TimelineSource> sources) {
    return new TimelineReader(sources).correlationOf(eventId);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** One node per event: its first entry, and the events it caused. */
  public record Node(TimelineEntry event, List<Node> caused) {}

  /** The events as causation trees; events whose cause is not in this timeline are roots. */
  public List<Node> causationTree() {
    Map<String, TimelineEntry> first = new LinkedHashMap<>();
    for (TimelineEntry entry : entries) {
      first.putIfAbsent(entry.eventId(), entry);
    }
    Map<String, List<String>> children = new LinkedHashMap<>();
    List<String> roots = new ArrayList<>();
    for (TimelineEntry event : first.values()) {
      String cause = causeOf(event.eventId());
      if (cause != null && first.containsKey(cause) && !cause.equals(event.eventId())) {
        children.computeIfAbsent(cause, c -> new ArrayList<>()).add(event.eventId());
      } else {
        roots.add(event.eventId());
      }
    }
    List<Node> nodes = new ArrayList<>();
    for (String root : roots) {
      nodes.add(node(root, first, children, new java.util.HashSet<>()));
    }
    return nodes;
  }

  private String causeOf(String eventId) {
    for (TimelineEntry entry : entries) {
      if (entry.eventId().equals(eventId) && entry.causationId() != null) {
        return entry.causationId();
      }
    }
    return null;
  }

  private static Node node(
      String id,
      Map<String, TimelineEntry> first,
      Map<String, List<String>> children,
      java.util.Set<String> seen) {
    List<Node> caused = new ArrayList<>();
    if (seen.add(id)) {
      for (String child : children.getOrDefault(id, List.of())) {
        caused.add(node(child, first, children, seen));
      }
    }
    return new Node(first.get(id), caused);
  }

  /** The entries of one event, oldest first. */
  public List<TimelineEntry> of(String eventId) {
    return entries.stream().filter(e -> e.eventId().equals(eventId)).toList();
  }
}
