package io.kruise.agents.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts the informers' health into the readiness group, so a pod is not ready until its caches
 * have synced and turns unready when an informer dies, while the liveness group stays as Spring
 * Boot makes it (a watch reconnect, or a dead informer, does not restart the pod). Added as
 * lowest-precedence defaults: an application that configures the readiness group itself keeps its
 * list (add {@code kruiseAgents} to it).
 *
 * <pre>
 * management.endpoint.health.probes.enabled=true
 * management.endpoint.health.group.readiness.include=readinessState,kruiseAgents
 * </pre>
 */
public class ReadinessGroupDefaults implements EnvironmentPostProcessor {

  static final String SOURCE = "kruiseAgentsReadinessDefaults";

  /** Created by Spring Boot. */
  public ReadinessGroupDefaults() {}

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment,
      SpringApplication application) {
    if (!environment.getProperty("kruise.agents.enabled", Boolean.class, true)
        || !environment.getProperty("management.health.kruiseagents.enabled", Boolean.class,
            environment.getProperty("management.health.defaults.enabled", Boolean.class, true))
        || !isPresent("org.springframework.boot.actuate.health.HealthContributor",
            application.getClassLoader())) {
      return;
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("management.endpoint.health.probes.enabled", "true");
    defaults.put("management.endpoint.health.group.readiness.include",
        "readinessState,kruiseAgents");
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
  }

  private static boolean isPresent(String className, ClassLoader loader) {
    try {
      Class.forName(className, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
