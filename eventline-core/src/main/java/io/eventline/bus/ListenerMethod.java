package io.eventline.bus;

import io.eventline.core.EventEnvelope;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A {@link Subscribe}-annotated method bound to its listener. The call goes through a generated
 * {@link BiConsumer} (LambdaMetafactory), which the JIT inlines like a direct call; where the
 * listener's class cannot be looked up privately it falls back to a method handle.
 */
final class ListenerMethod implements EventHandler<Object> {
  private final Object target;
  private final String eventType;
  private final Class<?> payloadType;
  private final boolean wantsEnvelope;
  private final Delivery delivery;
  private final String name;
  private final BiConsumer<Object, Object> call;

  private ListenerMethod(Object target, Method method, Subscribe annotation) {
    this.target = target;
    this.name = method.getDeclaringClass().getName() + "#" + method.getName();
    this.delivery = annotation.delivery();
    this.eventType = annotation.value().isEmpty() ? null : annotation.value();
    Class<?> parameter = method.getParameterTypes()[0];
    this.wantsEnvelope = parameter == EventEnvelope.class;
    this.payloadType = wantsEnvelope ? envelopePayloadType(method) : parameter;
    if (eventType == null && payloadType == Object.class) {
      throw new IllegalArgumentException(
          "@Subscribe method "
              + name
              + " names no event type and takes no specific payload type, so it would receive"
              + " every event; give it an event type (@Subscribe(\"order.placed\")) or a payload"
              + " type");
    }
    this.call = bind(method);
  }

  static List<ListenerMethod> scan(Object listener) {
    if (listener == null) {
      throw new IllegalArgumentException("EventBus.register: listener may not be null");
    }
    List<ListenerMethod> methods = new ArrayList<>();
    Set<List<Object>> overridable = new HashSet<>();
    for (Class<?> type = listener.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Method method : type.getDeclaredMethods()) {
        Subscribe annotation = method.getAnnotation(Subscribe.class);
        if (annotation == null || method.isBridge()) {
          continue;
        }
        if (method.getParameterCount() != 1
            || Modifier.isStatic(method.getModifiers())
            || method.getParameterTypes()[0].isPrimitive()) {
          throw new IllegalArgumentException(
              "@Subscribe method "
                  + type.getName()
                  + "#"
                  + method.getName()
                  + " must be an instance method with exactly one parameter (the payload type or"
                  + " EventEnvelope<Payload>)");
        }
        // an annotated method that a subclass already overrode and annotated is one handler: the
        // call is virtual, so registering it again would run the override twice
        if (Modifier.isPrivate(method.getModifiers())
            || overridable.add(List.of(method.getName(), method.getParameterTypes()[0]))) {
          methods.add(new ListenerMethod(listener, method, annotation));
        }
      }
    }
    if (methods.isEmpty()) {
      throw new IllegalArgumentException(
          listener.getClass().getName() + " has no @Subscribe methods to register");
    }
    return methods;
  }

  private static Class<?> envelopePayloadType(Method method) {
    Type type = method.getGenericParameterTypes()[0];
    if (type instanceof ParameterizedType parameterized) {
      Type argument = parameterized.getActualTypeArguments()[0];
      if (argument instanceof Class<?> cls) {
        return cls;
      }
      if (argument instanceof ParameterizedType nested
          && nested.getRawType() instanceof Class<?> raw) {
        return raw;
      }
    }
    return Object.class;
  }

  @SuppressWarnings("unchecked")
  private BiConsumer<Object, Object> bind(Method method) {
    try {
      MethodHandles.Lookup lookup =
          MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
      MethodHandle handle = lookup.unreflect(method);
      try {
        CallSite site =
            LambdaMetafactory.metafactory(
                lookup,
                "accept",
                MethodType.methodType(BiConsumer.class),
                MethodType.methodType(void.class, Object.class, Object.class),
                handle,
                MethodType.methodType(
                    void.class, method.getDeclaringClass(), method.getParameterTypes()[0]));
        return (BiConsumer<Object, Object>) site.getTarget().invokeExact();
      } catch (Throwable noLambda) {
        MethodHandle generic =
            handle.asType(MethodType.methodType(void.class, Object.class, Object.class));
        return (t, a) -> invokeHandle(generic, t, a);
      }
    } catch (IllegalAccessException e) {
      method.setAccessible(true);
      return (t, a) -> invokeReflectively(method, t, a);
    }
  }

  private static void invokeHandle(MethodHandle handle, Object target, Object argument) {
    try {
      handle.invokeExact(target, argument);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new HandlerInvocationException(e);
    }
  }

  private static void invokeReflectively(Method method, Object target, Object argument) {
    try {
      method.invoke(target, argument);
    } catch (java.lang.reflect.InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new HandlerInvocationException(cause);
    } catch (IllegalAccessException e) {
      throw new HandlerInvocationException(e);
    }
  }

  @Override
  public void handle(EventEnvelope<Object> event) {
    Object payload = event.payload();
    if (!payloadType.isInstance(payload)) {
      throw new ClassCastException(
          "handler "
              + name
              + " takes "
              + payloadType.getName()
              + " but event "
              + event.eventType()
              + " carries a "
              + payload.getClass().getName());
    }
    call.accept(target, wantsEnvelope ? event : payload);
  }

  String eventType() {
    return eventType;
  }

  Class<?> payloadType() {
    return eventType == null ? payloadType : null;
  }

  Delivery delivery() {
    return delivery;
  }

  String name() {
    return name;
  }

  /** A checked exception thrown by a listener method, passed on unchecked. */
  static final class HandlerInvocationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HandlerInvocationException(Throwable cause) {
      super(cause.toString(), cause);
    }
  }
}
