package io.eventline.spring;

import io.eventline.bus.EventBus;
import io.eventline.bus.Subscribe;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Subscribes every bean with {@link Subscribe} methods to the {@link EventBus}. The bean itself
 * (its proxy, if it has one) is registered, so a {@code @Transactional} listener method runs
 * through its proxy.
 */
final class SubscribeRegistrar implements BeanPostProcessor {
  private final ObjectProvider<EventBus> bus;

  SubscribeRegistrar(ObjectProvider<EventBus> bus) {
    this.bus = bus;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof EventBus) {
      return bean;
    }
    Class<?> type = AopUtils.getTargetClass(bean);
    if (type.getName().startsWith("java.")) {
      return bean;
    }
    boolean listens =
        !MethodIntrospector.selectMethods(
                type,
                (MethodIntrospector.MetadataLookup<Subscribe>)
                    method -> AnnotatedElementUtils.findMergedAnnotation(method, Subscribe.class))
            .isEmpty();
    if (listens) {
      bus.getObject().register(bean);
    }
    return bean;
  }
}
