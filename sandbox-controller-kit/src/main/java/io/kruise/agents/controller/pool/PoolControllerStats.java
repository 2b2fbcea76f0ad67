package io.kruise.agents.controller.pool;

/**
 * What a {@link SandboxSetPoolController} has done since it was created.
 *
 * @param reconciles reconciles run (including those that failed)
 * @param created sandboxes created
 * @param deleted sandboxes deleted: scale down, rolling update and dead ones
 * @param deadDeleted of {@code deleted}, the dead ones
 * @param lostRaces scale-down victims left alone because a claim changed them first
 * @param statusWrites status writes sent and stored
 * @param failures writes that failed
 */
public record PoolControllerStats(long reconciles, long created, long deleted, long deadDeleted,
    long lostRaces, long statusWrites, long failures) {
}
