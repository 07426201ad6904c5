package tech.eclips.workforce.audit.boundary;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import tech.eclips.workforce.audit.control.AuditFilter;
import tech.eclips.workforce.audit.control.AuditLog;
import tech.eclips.workforce.audit.control.Checkpoint;
import tech.eclips.workforce.audit.control.Checkpoints;
import tech.eclips.workforce.audit.entity.AuditEntry;
import tech.eclips.workforce.tenancy.entity.OrgId;

/**
 * The export file, written batch by batch as it is read: each batch of entries is read in its own
 * transaction and sent before the next is read, so the file is never held whole.
 */
record AuditExport(
    AuditLogBatches batches,
    OrgId org,
    AuditFilter filter,
    boolean csv,
    Optional<JsonObject> signer)
    implements StreamingOutput {

  @Override
  public void write(OutputStream output) throws IOException {
    Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
    if (csv) {
      out.write(String.join(",", AuditJson.CSV_COLUMNS) + "\r\n");
    }
    // one cut-off for the whole file, so a long export does not shift under retention
    OffsetDateTime retained = batches.retainedSince(org);
    long afterSeq = 0;
    List<AuditEntry> batch;
    do {
      batch = batches.oldestFirst(org, filter, retained, afterSeq);
      for (AuditEntry entry : batch) {
        out.write(csv ? AuditJson.csvRow(entry) : AuditJson.of(entry) + "\n");
        afterSeq = entry.seq();
      }
      out.flush();
    } while (batch.size() == AuditLog.BATCH);
    if (signer.isPresent()) {
      writeCheckpoints(out);
      out.write(signer.get() + "\n");
      out.flush();
    }
  }

  /**
   * The org's signed checkpoints after the entries, then the key that signed them: what the offline
   * verifier (bin/eclips-audit) checks the entries against.
   */
  private void writeCheckpoints(Writer out) throws IOException {
    long afterSeq = 0;
    List<Checkpoint> batch;
    do {
      batch = batches.checkpointsAfter(org, afterSeq);
      for (Checkpoint checkpoint : batch) {
        out.write(CheckpointJson.of(checkpoint) + "\n");
        afterSeq = checkpoint.seq();
      }
      out.flush();
    } while (batch.size() == Checkpoints.BATCH);
  }
}
