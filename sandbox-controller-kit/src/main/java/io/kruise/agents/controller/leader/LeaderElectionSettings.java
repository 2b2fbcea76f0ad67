package io.kruise.agents.controller.leader;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.kruise.agents.client.exceptions.ValidationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election settings for a java-operator-sdk (JOSDK) {@code Operator}: which
 * {@code coordination.k8s.io/v1} Lease, who this instance is, and the timing; validated when
 * built, and turned into JOSDK's {@link LeaderElectionConfiguration}.
 *
 * <pre>{@code
 * LeaderElectionSettings election = LeaderElectionSettings.builder("pool-controller")
 *     .leaseNamespace("agents-system")
 *     .build();
 * Operator operator = new Operator(o -> o.withLeaderElectionConfiguration(election.toJosdk()));
 * }</pre>
 *
 * <p>How JOSDK 5.2.3 uses it: {@code Operator.start()} starts the informers of every controller,
 * checks with a {@code SelfSubjectRulesReview} that it may get, create and update Leases in the
 * lease namespace (and fails to start otherwise), and runs a fabric8 {@code LeaderElector}. Only
 * once this instance holds the Lease does JOSDK start event processing, so a follower reconciles
 * nothing. A follower tries to take the Lease every one to 2.2 retry periods (jitter), and may
 * once {@code renewTime + leaseDuration} has passed (wall clock); the leader renews it every
 * {@link #retryPeriod()} and gives up when it could not renew for {@link #renewDeadline()}. So
 * after the leader dies without releasing the Lease, a follower takes over within about
 * {@code leaseDuration + 2.2 * retryPeriod}.
 *
 * <p><b>Losing the lease ends the JVM.</b> When the leader loses the Lease (it could not renew it
 * within the renew deadline, or another instance took it), JOSDK calls {@code System.exit(1)}, so
 * that no reconcile of a former leader runs beside the new leader's. This is JOSDK's default and
 * this class keeps it. What JOSDK 5.2.3 lets you configure: the callbacks
 * ({@link Builder#onStartLeading}, {@link Builder#onLostLeadership}, {@link Builder#onNewLeader};
 * they run on the elector's thread, before JOSDK's own handling, so {@code onLostLeadership} runs
 * before the exit) and whether to exit at all ({@link Builder#exitOnLostLeadership}, JOSDK's
 * {@code exitOnStopLeading}). Nothing else: the exit code, and the exit itself when enabled, are
 * fixed. Without the exit JOSDK only logs the loss: its controllers keep processing events, and
 * its elector does not try to become leader again (a fabric8 {@code LeaderElector} runs once). So
 * this class refuses {@code exitOnLostLeadership(false)} without an {@code onLostLeadership}
 * action, which must stop this instance's controllers (for example {@code operator.stop()}, then
 * exit or start a new Operator to rejoin).
 *
 * <p>Immutable and thread-safe.
 */
public final class LeaderElectionSettings {

  /** fabric8's LeaderElector waits a retry period plus up to this factor of it between tries. */
  static final double JITTER_FACTOR = 1.2;

  private static final Logger LOG = LoggerFactory.getLogger(LeaderElectionSettings.class);

  private final String leaseName;
  private final String leaseNamespace;
  private final String identity;
  private final Duration leaseDuration;
  private final Duration renewDeadline;
  private final Duration retryPeriod;
  private final boolean exitOnLostLeadership;
  private final Runnable onStartLeading;
  private final Runnable onLostLeadership;
  private final Consumer<String> onNewLeader;

  private LeaderElectionSettings(Builder b) {
    this.leaseName = b.leaseName;
    this.leaseNamespace = b.leaseNamespace;
    this.identity = b.identity != null ? b.identity : defaultIdentity();
    this.leaseDuration = b.leaseDuration;
    this.renewDeadline = b.renewDeadline;
    this.retryPeriod = b.retryPeriod;
    this.exitOnLostLeadership = b.exitOnLostLeadership;
    this.onStartLeading = b.onStartLeading;
    this.onLostLeadership = b.onLostLeadership;
    this.onNewLeader = b.onNewLeader;
  }

  /**
   * @param leaseName the Lease's name, shared by all instances that compete for the same work
   * @return a builder with JOSDK's default timing (lease 15 s, renew deadline 10 s, retry 2 s)
   * @throws ValidationException when the name is blank or not a valid object name
   */
  public static Builder builder(String leaseName) {
    return new Builder(KubernetesNames.requireSubdomain("leaseName", leaseName));
  }

  /**
   * The default identity: the host name and the process id, {@code <host>_<pid>}, so that two
   * instances on one host (or two containers with the same host name) differ.
   *
   * @return the identity this JVM uses when none is given
   */
  public static String defaultIdentity() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        LOG.debug("no host name for the leader identity", e);
        host = "unknown-host";
      }
    }
    return host + "_" + ProcessHandle.current().pid();
  }

  /** @return the Lease's name */
  public String leaseName() {
    return leaseName;
  }

  /** @return the Lease's namespace; empty means the Kubernetes client's namespace */
  public Optional<String> leaseNamespace() {
    return Optional.ofNullable(leaseNamespace);
  }

  /** @return who this instance is in the Lease's {@code holderIdentity} */
  public String identity() {
    return identity;
  }

  /** @return how long a Lease stays valid after its last renewal */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  /** @return how long the leader keeps trying to renew before it gives the leadership up */
  public Duration renewDeadline() {
    return renewDeadline;
  }

  /** @return how often instances try to take or renew the Lease */
  public Duration retryPeriod() {
    return retryPeriod;
  }

  /** @return whether JOSDK ends the JVM when this instance loses the Lease */
  public boolean exitOnLostLeadership() {
    return exitOnLostLeadership;
  }

  /**
   * @return JOSDK's configuration for these settings; give it to
   *     {@code ConfigurationServiceOverrider.withLeaderElectionConfiguration}
   */
  public LeaderElectionConfiguration toJosdk() {
    LeaderElectionConfigurationBuilder b = LeaderElectionConfigurationBuilder
        .aLeaderElectionConfiguration(leaseName)
        .withIdentity(identity)
        .withLeaseDuration(leaseDuration)
        .withRenewDeadline(renewDeadline)
        .withRetryPeriod(retryPeriod)
        .withExitOnStopLeading(exitOnLostLeadership)
        .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::lostLeadership,
            this::newLeader));
    if (leaseNamespace != null) {
      b.withLeaseNamespace(leaseNamespace);
    }
    return b.build();
  }

  private void startedLeading() {
    LOG.info("{} leads {}", identity, leaseName);
    onStartLeading.run();
  }

  private void lostLeadership() {
    LOG.warn("{} lost the lease {}{}", identity, leaseName,
        exitOnLostLeadership ? "; java-operator-sdk ends the JVM" : "");
    onLostLeadership.run();
  }

  private void newLeader(String leader) {
    LOG.info("lease {}: leader is {}", leaseName, leader);
    onNewLeader.accept(leader);
  }

  @Override
  public String toString() {
    return "LeaderElectionSettings[lease=" + (leaseNamespace == null ? "" : leaseNamespace + "/")
        + leaseName + ", identity=" + identity + ", leaseDuration=" + leaseDuration
        + ", renewDeadline=" + renewDeadline + ", retryPeriod=" + retryPeriod
        + ", exitOnLostLeadership=" + exitOnLostLeadership + "]";
  }

  /** Builds {@link LeaderElectionSettings}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private final String leaseName;
    private String leaseNamespace;
    private String identity;
    private Duration leaseDuration = LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE;
    private Duration renewDeadline = LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE;
    private Duration retryPeriod = LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE;
    private boolean exitOnLostLeadership = true;
    private boolean lostLeadershipActionSet;
    private Runnable onStartLeading = () -> {};
    private Runnable onLostLeadership = () -> {};
    private Consumer<String> onNewLeader = leader -> {};

    private Builder(String leaseName) {
      this.leaseName = leaseName;
    }

    /**
     * @param leaseNamespace the Lease's namespace (default: the Kubernetes client's namespace)
     * @return this builder
     * @throws ValidationException when it is blank or not a valid namespace
     */
    public Builder leaseNamespace(String leaseNamespace) {
      this.leaseNamespace = KubernetesNames.requireLabel("leaseNamespace", leaseNamespace);
      return this;
    }

    /**
     * @param identity this instance's identity in the Lease, unique among the instances
     *     (default: {@link #defaultIdentity()})
     * @return this builder
     * @throws ValidationException when it is blank
     */
    public Builder identity(String identity) {
      this.identity = KubernetesNames.requirePresent("identity", identity);
      return this;
    }

    /**
     * @param leaseDuration how long a Lease stays valid after its last renewal; whole seconds,
     *     as the Lease stores it in {@code leaseDurationSeconds} (default 15 s)
     * @return this builder
     */
    public Builder leaseDuration(Duration leaseDuration) {
      this.leaseDuration = leaseDuration;
      return this;
    }

    /**
     * @param renewDeadline how long the leader keeps trying to renew before it gives up; shorter
     *     than the lease duration (default 10 s)
     * @return this builder
     */
    public Builder renewDeadline(Duration renewDeadline) {
      this.renewDeadline = renewDeadline;
      return this;
    }

    /**
     * @param retryPeriod how often to try to take or renew the Lease; the renew deadline must
     *     exceed 1.2 times it (default 2 s)
     * @return this builder
     */
    public Builder retryPeriod(Duration retryPeriod) {
      this.retryPeriod = retryPeriod;
      return this;
    }

    /**
     * @param exit whether JOSDK ends the JVM ({@code System.exit(1)}) when this instance loses
     *     the Lease (default true); false needs an {@link #onLostLeadership} action that stops
     *     this instance's controllers, because JOSDK keeps them running
     * @return this builder
     */
    public Builder exitOnLostLeadership(boolean exit) {
      this.exitOnLostLeadership = exit;
      return this;
    }

    /**
     * @param action runs (on the elector's thread) when this instance becomes the leader, before
     *     JOSDK starts event processing
     * @return this builder
     * @throws ValidationException when it is null
     */
    public Builder onStartLeading(Runnable action) {
      this.onStartLeading = require("onStartLeading", action);
      return this;
    }

    /**
     * @param action runs (on the elector's thread) when this instance loses the Lease, before
     *     JOSDK's exit when that is on
     * @return this builder
     * @throws ValidationException when it is null
     */
    public Builder onLostLeadership(Runnable action) {
      this.onLostLeadership = require("onLostLeadership", action);
      this.lostLeadershipActionSet = true;
      return this;
    }

    /**
     * @param action runs (on the elector's thread) with the holder's identity whenever this
     *     instance sees the Lease change hands, itself included
     * @return this builder
     * @throws ValidationException when it is null
     */
    public Builder onNewLeader(Consumer<String> action) {
      this.onNewLeader = require("onNewLeader", action);
      return this;
    }

    /**
     * @return the settings
     * @throws ValidationException naming the offending setting: a duration that is missing, not
     *     positive, a lease duration that is not whole seconds, a renew deadline not shorter than
     *     the lease duration or not longer than 1.2 retry periods, or no
     *     {@code onLostLeadership} action while the exit is off
     */
    public LeaderElectionSettings build() {
      requirePositive("leaseDuration", leaseDuration);
      requirePositive("renewDeadline", renewDeadline);
      requirePositive("retryPeriod", retryPeriod);
      if (leaseDuration.toNanos() % 1_000_000_000L != 0) {
        throw ValidationException.forField("leaseDuration", "Invalid", leaseDuration
            + " is not a whole number of seconds (the Lease stores leaseDurationSeconds)");
      }
      if (renewDeadline.compareTo(leaseDuration) >= 0) {
        throw ValidationException.forField("renewDeadline", "Invalid", renewDeadline
            + " must be shorter than the lease duration " + leaseDuration
            + ", or a new leader may start while the old one still renews");
      }
      if (renewDeadline.toNanos() <= JITTER_FACTOR * retryPeriod.toNanos()) {
        throw ValidationException.forField("renewDeadline", "Invalid", renewDeadline
            + " must be longer than " + JITTER_FACTOR + " times the retry period " + retryPeriod
            + ", or one slow try loses the leadership");
      }
      if (!exitOnLostLeadership && !lostLeadershipActionSet) {
        throw ValidationException.forField("onLostLeadership", "Required", "without the exit on"
            + " lost leadership an action must stop this instance's controllers: java-operator-sdk"
            + " keeps them running after the Lease is lost");
      }
      return new LeaderElectionSettings(this);
    }

    private static <T> T require(String argument, T value) {
      if (value == null) {
        throw ValidationException.forField(argument, "Required", "must not be null");
      }
      return value;
    }

    private static void requirePositive(String argument, Duration value) {
      if (value == null) {
        throw ValidationException.forField(argument, "Required", "must not be null");
      }
      if (value.isNegative() || value.isZero()) {
        throw ValidationException.forField(argument, "Invalid", value + " is not positive");
      }
    }
  }
}
