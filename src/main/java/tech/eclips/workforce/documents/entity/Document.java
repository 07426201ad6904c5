package tech.eclips.workforce.documents.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import tech.eclips.workforce.tenancy.entity.TenantOwned;

/** A file an org uploaded, stored with its size and SHA-256. */
@Entity
@Table(name = "documents")
public class Document extends TenantOwned {

  private String name;

  @Column(name = "content_type")
  private String contentType;

  @Column(name = "size_bytes")
  private long sizeBytes;

  private byte[] sha256;
  private byte[] content;

  @Column(name = "created_at")
  private OffsetDateTime createdAt;

  @Column(name = "deleted_at")
  private OffsetDateTime deletedAt;

  protected Document() {}

  public Document(UUID id, String name, String contentType, byte[] content, byte[] sha256) {
    super(id);
    this.name = name;
    this.contentType = contentType;
    this.content = content.clone();
    this.sizeBytes = content.length;
    this.sha256 = sha256.clone();
    this.createdAt = OffsetDateTime.now();
  }

  public String name() {
    return name;
  }

  public byte[] content() {
    return content.clone();
  }

  public boolean deleted() {
    return deletedAt != null;
  }
}
