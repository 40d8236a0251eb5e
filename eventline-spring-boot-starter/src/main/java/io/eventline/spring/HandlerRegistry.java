package io.eventline.spring;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;

/**
 * Collects the {@link EventlineHandler} methods of every bean as the beans are created; {@code
 * ${...}} placeholders in topics and consumer names are resolved from the environment.
 */
final class HandlerRegistry implements BeanPostProcessor, EnvironmentAware {
  private final List<HandlerMethod> handlers = new ArrayList<>();
  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = AopUtils.getTargetClass(bean);
    if (!type.getName().startsWith("java.")) {
      Map<Method, EventlineHandler> found =
          MethodIntrospector.selectMethods(
              type,
              (MethodIntrospector.MetadataLookup<EventlineHandler>)
                  method ->
                      AnnotatedElementUtils.findMergedAnnotation(method, EventlineHandler.class));
      found.forEach(
          (method, annotation) -> {
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            synchronized (handlers) {
              handlers.add(
                  new HandlerMethod(
                      bean,
                      method,
                      invocable,
                      annotation,
                      environment::resolveRequiredPlaceholders));
            }
          });
    }
    return bean;
  }

  List<HandlerMethod> handlers() {
    synchronized (handlers) {
      return List.copyOf(handlers);
    }
  }
}
