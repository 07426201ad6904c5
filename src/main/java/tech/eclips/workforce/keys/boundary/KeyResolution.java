package tech.eclips.workforce.keys.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import tech.eclips.workforce.keys.control.KeyLookup;
import tech.eclips.workforce.requests.control.Caller;

/**
 * A key-cache miss resolved in a short transaction of its own: the request's transaction stays
 * untouched, so a request that then waits (a coalesced accept) holds no connection, and the one
 * cross-org read never shares a transaction with a tenant's statements.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class KeyResolution {

  @Inject KeyLookup lookup;

  public Optional<Caller> resolve(byte[] digest) {
    return lookup.resolve(digest);
  }
}
