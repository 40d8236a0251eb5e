package io.eventline.bus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a listener object as an event handler, for {@link EventBus#register(Object)}.
 * The method takes one parameter: the payload type, or {@code EventEnvelope<Payload>} for the
 * metadata too. With an event type ({@code @Subscribe("order.placed")}) the method receives events
 * of that type; without one it receives every event whose payload is an instance of the parameter
 * type. Methods of superclasses are found too; a method that overrides an annotated one is called
 * once per event, whether or not it repeats the annotation.
 *
 * <pre>{@code
 * @Subscribe("order.placed")
 * void sendConfirmation(EventEnvelope<OrderPlaced> event) { ... }
 *
 * @Subscribe
 * void audit(PaymentFailed payload) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Subscribe {
  /** The event type to receive; empty to receive by payload type. */
  String value() default "";

  /** How the method is called. */
  Delivery delivery() default Delivery.SYNC;
}
