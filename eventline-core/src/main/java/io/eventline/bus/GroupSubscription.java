package io.eventline.bus;

import java.util.List;

/** The subscriptions of one registered listener object, closed together. */
final class GroupSubscription implements Subscription {
  private final String name;
  private final List<Subscription> members;

  GroupSubscription(String name, List<Subscription> members) {
    this.name = name;
    this.members = List.copyOf(members);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isActive() {
    return members.stream().anyMatch(Subscription::isActive);
  }

  @Override
  public void close() {
    members.forEach(Subscription::close);
  }
}
