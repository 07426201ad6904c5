package tech.eclips.workforce.audit.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tech.eclips.workforce.audit.control.AuditSigningKey;
import tech.eclips.workforce.audit.control.Checkpoint;
import tech.eclips.workforce.audit.control.CheckpointsDue;
import tech.eclips.workforce.problems.control.RedactedFailure;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * Every {@code eclips.audit.checkpoint-interval} (default five minutes), signs the chain head of
 * each org this node appended to since the last pass, one transaction per org ({@link
 * CheckpointWriter}), and appends each new checkpoint to {@code eclips.audit.checkpoint-file} when
 * set: a copy outside the database, which the verifier takes as it takes an export. An org whose
 * pass fails is marked again and retried at the next pass.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CheckpointSchedule {

  private static final Logger LOG = Logger.getLogger(CheckpointSchedule.class.getName());

  @Resource TimerService timers;
  @Inject CheckpointsDue due;
  @Inject CheckpointWriter writer;
  @Inject AuditSigningKey key;

  @Inject
  @ConfigProperty(name = "eclips.audit.checkpoint-interval", defaultValue = "PT5M")
  Duration interval;

  @Inject
  @ConfigProperty(name = "eclips.audit.checkpoint-file")
  Optional<String> file;

  @PostConstruct
  void start() {
    if (key.configured()) {
      long millis = interval.toMillis();
      timers.createIntervalTimer(millis, millis, new TimerConfig(null, false));
      LOG.info("Audit checkpoints every " + interval + ", signed by key " + key.keyId());
    }
  }

  @Timeout
  void due() {
    for (OrgId org : due.take()) {
      try {
        writer.checkpoint(org).ifPresent(this::keepOutside);
      } catch (RuntimeException e) {
        due.appended(org);
        LOG.log(
            Level.WARNING,
            "could not checkpoint an audit chain; will retry",
            RedactedFailure.of(e));
      }
    }
  }

  private void keepOutside(Checkpoint checkpoint) {
    if (file.isEmpty()) {
      return;
    }
    try {
      Files.writeString(
          Path.of(file.get()),
          CheckpointJson.of(checkpoint) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.log(
          Level.WARNING, "could not append to the audit checkpoint file", RedactedFailure.of(e));
    }
  }
}
