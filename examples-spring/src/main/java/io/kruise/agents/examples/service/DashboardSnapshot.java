package io.kruise.agents.examples.service;

import java.util.List;

/**
 * What the dashboard shows, sent as JSON in each server-sent event.
 *
 * @param namespace the pools' namespace
 * @param pools each pool's counts and claim rate
 * @param informers each started informer's health
 * @param claimsLastMinute claims of all pools in each of the last 60 seconds, oldest first
 * @param claimsTotal claims seen since the service started
 * @param at when this was computed
 */
record DashboardSnapshot(String namespace, List<Pool> pools, List<Informer> informers,
    List<Long> claimsLastMinute, long claimsTotal, String at) {

  /**
   * One pool.
   *
   * @param name the SandboxSet
   * @param replicas unclaimed sandboxes it keeps
   * @param available ready and unclaimed
   * @param claimed handed out
   * @param creating starting
   * @param claimsPerSecond over the last ten seconds
   */
  record Pool(String name, int replicas, int available, int claimed, int creating,
      double claimsPerSecond) {}

  /**
   * One informer.
   *
   * @param name kind and scope
   * @param healthy synced, watching and alive
   * @param synced its initial list is in
   * @param watching its watch is connected
   * @param dead it stopped for good (the starter replaces it)
   * @param objects cached objects
   */
  record Informer(String name, boolean healthy, boolean synced, boolean watching, boolean dead,
      int objects) {}
}
