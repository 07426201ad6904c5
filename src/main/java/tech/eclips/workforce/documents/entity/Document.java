package tech.eclips.workforce.documents.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/**
 * A file an org uploaded in one mode, with its size and SHA-256. The bytes are not here: they live
 * in a {@code DocumentStore}, so loading a document never loads its content.
 */
@Entity
@Table(name = "documents")
public class Document extends TenantOwned {

  private String name;

  @Column(name = "content_type")
  private String contentType;

  private boolean livemode;

  @Column(name = "size_bytes")
  private long sizeBytes;

  private byte[] sha256;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  @Column(name = "deleted_at")
  private OffsetDateTime deletedAt;

  protected Document() {}

  public Document(
      UUID id, String name, String contentType, boolean livemode, long sizeBytes, byte[] sha256) {
    super(id);
    this.name = name;
    this.contentType = contentType;
    this.livemode = livemode;
    this.sizeBytes = sizeBytes;
    this.sha256 = sha256.clone();
    this.createdAt = OffsetDateTime.now();
  }

  public String name() {
    return name;
  }

  public String contentType() {
    return contentType;
  }

  public boolean livemode() {
    return livemode;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public byte[] sha256() {
    return sha256.clone();
  }

  public OffsetDateTime createdAt() {
    return createdAt;
  }

  public boolean deleted() {
    return deletedAt != null;
  }

  public void delete() {
    deletedAt = OffsetDateTime.now();
  }
}
