/**
 * The live {@code /metrics} endpoint ({@code --metrics ADDR}): the running figures of {@code stampede run} and
 * {@code stampede mock} in the Prometheus text format, through the official Prometheus Java client. Nothing here
 * counts anything: collectors read the run recorder's and the mock's own counters when Prometheus scrapes, so the
 * hot path pays nothing for the endpoint. Depends on {@code metrics} only (the mock's figures come in as
 * {@code metrics.ServerView} suppliers), so the engine and the mock stay unaware of it.
 */
package dev.stampede.exposition;
