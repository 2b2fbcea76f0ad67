package io.kruise.agents.controller.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our leader election settings, validated, become JOSDK's configuration. */
class LeaderElectionSettingsTest {

  @Test
  void defaultsAreJosdksTimingTheClientsNamespaceHostAndPidAndTheExit() {
    LeaderElectionSettings settings = LeaderElectionSettings.builder("pool-controller").build();
    LeaderElectionConfiguration josdk = settings.toJosdk();

    assertThat(josdk.getLeaseName()).isEqualTo("pool-controller");
    assertThat(josdk.getLeaseNamespace()).isEmpty();
    assertThat(josdk.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(josdk.getRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(josdk.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(josdk.isExitOnStopLeading()).isTrue();
    assertThat(josdk.getIdentity()).contains(settings.identity());
    assertThat(settings.identity()).isEqualTo(LeaderElectionSettings.defaultIdentity())
        .endsWith("_" + ProcessHandle.current().pid()).doesNotStartWith("_");
  }

  @Test
  void everySettingReachesJosdkAndTheCallbacksRunOursInOrder() {
    List<String> calls = new ArrayList<>();
    LeaderElectionConfiguration josdk = LeaderElectionSettings.builder("shard-1")
        .leaseNamespace("agents-system").identity("pod-7")
        .leaseDuration(Duration.ofSeconds(4)).renewDeadline(Duration.ofSeconds(3))
        .retryPeriod(Duration.ofSeconds(1))
        .exitOnLostLeadership(false).onLostLeadership(() -> calls.add("lost"))
        .onStartLeading(() -> calls.add("start")).onNewLeader(l -> calls.add("leader " + l))
        .build().toJosdk();

    assertThat(josdk.getLeaseNamespace()).contains("agents-system");
    assertThat(josdk.getIdentity()).contains("pod-7");
    assertThat(josdk.getLeaseDuration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(josdk.getRenewDeadline()).isEqualTo(Duration.ofSeconds(3));
    assertThat(josdk.getRetryPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(josdk.isExitOnStopLeading()).isFalse();

    var callbacks = josdk.getLeaderCallbacks().orElseThrow();
    callbacks.onNewLeader("pod-7");
    callbacks.onStartLeading();
    callbacks.onStopLeading();
    assertThat(calls).containsExactly("leader pod-7", "start", "lost");
  }

  @Test
  void badNamesFailNamingTheArgument() {
    assertField(() -> LeaderElectionSettings.builder(null), "leaseName", "Required");
    assertField(() -> LeaderElectionSettings.builder(" "), "leaseName", "Required");
    assertField(() -> LeaderElectionSettings.builder("Pool_Controller"), "leaseName", "Invalid");
    assertField(() -> LeaderElectionSettings.builder("x".repeat(254)), "leaseName", "Invalid");
    assertField(() -> LeaderElectionSettings.builder("ok").leaseNamespace("a.b"),
        "leaseNamespace", "Invalid");
    assertField(() -> LeaderElectionSettings.builder("ok").identity(""), "identity", "Required");
    assertField(() -> LeaderElectionSettings.builder("ok").onNewLeader(null), "onNewLeader",
        "Required");
  }

  @Test
  void timingThatCouldGiveTwoLeadersOrLoseLeadershipByChanceIsRefused() {
    assertField(() -> timing(0, 3, 1).build(), "leaseDuration", "Invalid");
    assertField(() -> timing(4, 3, 1).retryPeriod(null).build(), "retryPeriod", "Required");
    assertField(() -> timing(4, -3, 1).build(), "renewDeadline", "Invalid");
    assertField(() -> LeaderElectionSettings.builder("ok")
        .leaseDuration(Duration.ofMillis(4500)).renewDeadline(Duration.ofSeconds(3))
        .retryPeriod(Duration.ofSeconds(1)).build(), "leaseDuration", "Invalid");
    // renew deadline must be below the lease duration ...
    assertField(() -> timing(4, 4, 1).build(), "renewDeadline", "Invalid");
    // ... and above 1.2 retry periods
    assertField(() -> LeaderElectionSettings.builder("ok").leaseDuration(Duration.ofSeconds(4))
        .renewDeadline(Duration.ofMillis(1200)).retryPeriod(Duration.ofSeconds(1)).build(),
        "renewDeadline", "Invalid");
    assertThat(LeaderElectionSettings.builder("ok").leaseDuration(Duration.ofSeconds(4))
        .renewDeadline(Duration.ofMillis(1201)).retryPeriod(Duration.ofSeconds(1)).build()
        .renewDeadline()).isEqualTo(Duration.ofMillis(1201));
  }

  @Test
  void turningTheExitOffNeedsAnActionThatStopsTheControllers() {
    assertField(() -> timing(4, 3, 1).exitOnLostLeadership(false).build(), "onLostLeadership",
        "Required");
    assertThat(timing(4, 3, 1).exitOnLostLeadership(false).onLostLeadership(() -> {}).build()
        .exitOnLostLeadership()).isFalse();
  }

  private static LeaderElectionSettings.Builder timing(int lease, int renew, int retry) {
    return LeaderElectionSettings.builder("ok").leaseDuration(Duration.ofSeconds(lease))
        .renewDeadline(Duration.ofSeconds(renew)).retryPeriod(Duration.ofSeconds(retry));
  }

  private static void assertField(Runnable call, String field, String reason) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ValidationException.class, e -> {
      assertThat(e.fields()).containsExactly(field);
      assertThat(e.causes().get(0).reason()).isEqualTo(reason);
      assertThat(e.code()).isZero();
    });
  }
}
