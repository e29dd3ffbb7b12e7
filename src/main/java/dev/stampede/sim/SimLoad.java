package dev.stampede.sim;

import dev.stampede.metrics.RunRecorder;
import dev.stampede.scenario.ArrivalSchedule;
import dev.stampede.scenario.LoadSpec;

import java.util.random.RandomGenerator;

/**
 * The load models of a simulated run, as the live engine's drivers offer them: open (scheduled arrivals, each a new
 * request slot, refused as {@code clientSaturated} past {@code maxInFlight}), closed (clients looping request → think
 * → request until the stop) and herd (every client at t=0, its requests back to back; a finite workload). A mixed
 * run's open populations are shifted by {@link ArrivalSchedule#startOffsetNanos}. Single-threaded.
 */
final class SimLoad implements SimClients.Next {

    private final LoadSpec load;
    private final SimRun.Population[] pops;
    private final RequestTable requests;
    private final Agenda agenda;
    private final SimClients clients;
    private final RandomGenerator retryRng;
    private final long durationNanos;

    private ArrivalSchedule[] openSchedules;
    /** Open model, per population: its arrivals are shifted by this much, so populations (and shards) interleave instead of colliding. */
    private long[] arrivalOffsets;
    private int[] maxInFlight;
    private long thinkNanos;
    private boolean stopped;
    private final long seed;

    /**
     * @param retryRng the clients' random source: a closed model's clients draw their first start from it
     * @param seed     the scenario's seed, from which Poisson arrivals draw ({@link ArrivalSchedule#seedFor})
     */
    SimLoad(LoadSpec load, SimRun.Population[] pops, RequestTable requests, Agenda agenda, SimClients clients,
            RandomGenerator retryRng, long durationNanos, long seed) {
        this.seed = seed;
        this.load = load;
        this.pops = pops;
        this.requests = requests;
        this.agenda = agenda;
        this.clients = clients;
        this.retryRng = retryRng;
        this.durationNanos = durationNanos;
    }

    /** Schedules the first arrivals (open) or creates the clients and their first requests (closed, herd). */
    void start() {
        int n = pops.length;
        maxInFlight = new int[n];
        java.util.Arrays.fill(maxInFlight, Integer.MAX_VALUE);
        switch (load) {
            case LoadSpec.Open o -> {
                openSchedules = new ArrivalSchedule[n];
                arrivalOffsets = new long[n];
                for (int i = 0; i < n; i++) {
                    LoadSpec.Open share = (LoadSpec.Open) pops[i].load();
                    openSchedules[i] = new ArrivalSchedule(share, durationNanos, ArrivalSchedule.seedFor(seed, i));
                    arrivalOffsets[i] = ArrivalSchedule.startOffsetNanos(share, i, n);
                    maxInFlight[i] = share.maxInFlight();
                    scheduleNextArrival(i);
                }
            }
            case LoadSpec.Closed c -> {
                thinkNanos = c.think().toNanos();
                clients.clientsWithOwnGates(c.clients());
                for (int i = 0; i < n; i++) {
                    int count = ((LoadSpec.Closed) pops[i].load()).clients();
                    for (int k = 0; k < count; k++) {
                        int slot = requests.allocate();
                        clients.newClient(slot, i);
                        // as the live engine: each client starts after U(0, think), so they do not all send at t=0
                        long first = thinkNanos > 0 ? (long) (retryRng.nextDouble() * thinkNanos) : 0;
                        if (first < durationNanos) agenda.schedule(first, SimRun.CLIENT_NEXT, slot);
                    }
                }
            }
            case LoadSpec.Herd h -> {
                clients.clientsWithOwnGates(h.clients());
                for (int i = 0; i < n; i++) {
                    int count = ((LoadSpec.Herd) pops[i].load()).clients();
                    for (int k = 0; k < count; k++) {
                        int slot = requests.allocate();
                        clients.newClient(slot, i);
                        requests.remaining[slot] = h.requests() - 1;
                        agenda.schedule(0, SimRun.CLIENT_NEXT, slot);
                    }
                }
            }
        }
    }

    private void scheduleNextArrival(int population) {
        long next = openSchedules[population].next();
        if (next >= 0 && next + arrivalOffsets[population] < durationNanos) {
            agenda.schedule(next + arrivalOffsets[population], SimRun.ARRIVAL, population);
        }
    }

    /** {@link SimRun#ARRIVAL}: the population's next scheduled arrival. */
    void onArrival(int population, long t) {
        if (stopped) return;  // arrivals ended early (a data file read once is used up)
        if (clients.active(population) >= maxInFlight[population]) {
            if (!clients.drawRefused(t)) return;
            RunRecorder recorder = pops[population].recorder();
            recorder.arrival(t);
            recorder.saturated(t);
            clients.noteDone(t);
        } else {
            int slot = requests.allocate();
            requests.population[slot] = population;
            clients.startRequest(slot, t);
        }
        scheduleNextArrival(population);
    }

    /** {@link SimRun#CLIENT_NEXT}: a closed client's think time is over, or a herd client starts. */
    void onClientNext(int slot, long t) {
        clients.startRequest(slot, t);
    }

    /** The load stops: no request starts from now on. */
    void stop() { stopped = true; }

    /** The slot's client found no arrival left: an open-model slot goes back; a closed or herd client stops. */
    @Override public void arrivalsEnded(int slot, long t) {
        if (load instanceof LoadSpec.Open) requests.release(slot);
    }

    @Override public void requestEnded(int slot, long t) {
        RequestTable r = requests;
        if (stopped) {
            if (load instanceof LoadSpec.Open) r.release(slot);
            return;
        }
        switch (load) {
            case LoadSpec.Open o -> r.release(slot);
            case LoadSpec.Closed c -> {
                long next = t + thinkNanos;
                if (next < durationNanos) agenda.schedule(next, SimRun.CLIENT_NEXT, slot);
            }
            case LoadSpec.Herd h -> {
                if (r.remaining[slot] > 0) {
                    r.remaining[slot]--;
                    clients.startRequest(slot, t);
                }
            }
        }
    }
}
