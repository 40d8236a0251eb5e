package io.eventline.spring;

import io.eventline.core.EventEnvelope;
import io.eventline.core.PayloadCodec;
import io.eventline.inbox.InboxContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.springframework.util.ReflectionUtils;

/** One {@link EventlineHandler} method on one bean, with its parameters resolved once. */
final class HandlerMethod {
  private enum Kind {
    PAYLOAD,
    ENVELOPE,
    CONTEXT
  }

  private final Object bean;
  private final Method method;
  private final String consumer;
  private final List<String> topics;
  private final Kind[] parameters;
  private final Class<?> payloadType;
  private final Set<String> eventTypes;

  HandlerMethod(
      Object bean,
      Method method,
      Method invocable,
      EventlineHandler annotation,
      UnaryOperator<String> placeholders) {
    this.bean = bean;
    this.method = invocable;
    this.consumer = placeholders.apply(annotation.consumer());
    this.topics = Arrays.stream(annotation.topic()).map(placeholders).toList();
    this.eventTypes = Set.of(annotation.eventType());
    if (topics.isEmpty()) {
      throw invalid(method, "names no topic");
    }
    Type[] types = method.getGenericParameterTypes();
    this.parameters = new Kind[types.length];
    Class<?> payload = null;
    for (int i = 0; i < types.length; i++) {
      Class<?> raw = method.getParameterTypes()[i];
      Kind kind;
      Class<?> carried;
      if (raw == InboxContext.class) {
        kind = Kind.CONTEXT;
        carried = null;
      } else if (raw == EventEnvelope.class) {
        kind = Kind.ENVELOPE;
        carried = typeArgument(types[i]);
      } else {
        kind = Kind.PAYLOAD;
        carried = raw;
      }
      for (int j = 0; j < i; j++) {
        if (parameters[j] == kind) {
          throw invalid(method, "takes more than one " + kind.name().toLowerCase() + " parameter");
        }
      }
      if (carried != null && payload != null && carried != payload) {
        throw invalid(
            method,
            "decodes the payload as both "
                + payload.getName()
                + " and "
                + carried.getName()
                + "; use one type");
      }
      if (carried != null) {
        payload = carried;
      }
      parameters[i] = kind;
    }
    if (types.length == 0) {
      throw invalid(method, "takes no parameter; give it the payload, the envelope or both");
    }
    this.payloadType = payload == null ? byte[].class : payload;
    ReflectionUtils.makeAccessible(invocable);
  }

  private static Class<?> typeArgument(Type type) {
    if (type instanceof ParameterizedType parameterized) {
      Type argument = parameterized.getActualTypeArguments()[0];
      if (argument instanceof Class<?> plain) {
        return plain;
      }
      if (argument instanceof ParameterizedType nested
          && nested.getRawType() instanceof Class<?> raw) {
        return raw;
      }
      if (argument instanceof WildcardType) {
        return byte[].class;
      }
    }
    return byte[].class;
  }

  static IllegalStateException invalid(Method method, String problem) {
    return new IllegalStateException(
        "@EventlineHandler method "
            + method.getDeclaringClass().getName()
            + "."
            + method.getName()
            + " "
            + problem);
  }

  String consumer() {
    return consumer;
  }

  List<String> topics() {
    return topics;
  }

  String name() {
    return method.getDeclaringClass().getName() + "." + method.getName();
  }

  boolean accepts(String eventType) {
    return eventTypes.isEmpty() || eventTypes.contains(eventType);
  }

  void invoke(EventEnvelope<byte[]> event, InboxContext context, PayloadCodec codec)
      throws Exception {
    Object payload =
        payloadType == byte[].class ? event.payload() : codec.decode(event.payload(), payloadType);
    Object[] arguments = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      arguments[i] =
          switch (parameters[i]) {
            case PAYLOAD -> payload;
            case ENVELOPE -> event.withPayload(payload);
            case CONTEXT -> context;
          };
    }
    try {
      method.invoke(bean, arguments);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
