package tech.eclips.workforce.tools.noisy;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The experiment: sets up both orgs, warms up with the victim's workload, runs it alone for one
 * phase, then again for a phase of the same length while org A attacks. Org A's live service
 * submits a run a second throughout.
 */
public final class NoisyNeighbour {

  /** Enough for the victim's paths to be compiled before the phase that sets the baseline. */
  static final Duration WARM_UP = Duration.ofSeconds(5);

  /** Sets up what the experiment cannot reach over HTTP (a long audit log for org A). */
  public interface OrgSeeder {
    void seed(String org) throws Exception;
  }

  private final Target target;
  private final Duration phase;
  private final Set<String> patterns;
  private final OrgSeeder seeder;

  /**
   * @param patterns a comma-separated choice of {@link Attack#PATTERNS}, or "all"
   * @param seeder seeds the attacker's org before the phases (may be null)
   */
  public NoisyNeighbour(Target target, Duration phase, String patterns, OrgSeeder seeder) {
    this.target = target;
    this.phase = phase;
    this.patterns =
        "all".equals(patterns)
            ? Attack.PATTERNS
            : Arrays.stream(patterns.split(",")).map(String::trim).collect(Collectors.toSet());
    if (!Attack.PATTERNS.containsAll(this.patterns)) {
      throw new IllegalArgumentException(
          "unknown attack pattern in " + patterns + "; known: " + Attack.PATTERNS);
    }
    this.seeder = seeder;
  }

  public Report run() throws Exception {
    progress(
        "setting up org B (victim) and org A (attacker): keys, a 10 MB poison document, a 10 MB file");
    Parties parties = new Parties(target);
    Parties.Victim victim = parties.victim(VictimLoad.THREADS);
    Parties.Attacker attacker = parties.attacker();
    if (seeder != null) {
      seeder.seed(attacker.org());
    }
    VictimLoad load = new VictimLoad(target, victim);
    LiveService service = new LiveService(target, attacker);
    progress("warm-up " + WARM_UP.toSeconds() + " s");
    try (Crew warm = load.start("warm-up", new Samples())) {
      Thread.sleep(WARM_UP.toMillis());
    }
    Samples alone = new Samples();
    Samples liveAlone = new Samples();
    progress("victim alone " + phase.toSeconds() + " s");
    try (Crew live = service.start(liveAlone);
        Crew victimCrew = load.start("alone", alone)) {
      Thread.sleep(phase.toMillis());
    }
    Samples underAttack = new Samples();
    Samples liveUnderAttack = new Samples();
    Attack attack = new Attack(target, attacker, patterns);
    progress("victim under attack " + phase.toSeconds() + " s: " + patterns);
    // closed in reverse: the victim's last requests are still answered under attack
    try (Crew attackers = attack.start();
        Crew live = service.start(liveUnderAttack);
        Crew victimCrew = load.start("attacked", underAttack)) {
      Thread.sleep(phase.toMillis());
    }
    progress("done; checking that the server still answers");
    Client check = new Client(target, "203.0.113.20");
    return new Report(
        alone.all(),
        underAttack.all(),
        liveAlone.all(),
        liveUnderAttack.all(),
        attack.tally().outcomes(),
        attack.tally().contractBreaches(),
        check.get(target.readiness().toString()),
        check.get("/v1/me", Client.bearer(victim.keys().get(0))));
  }

  private static void progress(String what) {
    System.out.println(
        "noisy-neighbour: " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + what);
  }
}
