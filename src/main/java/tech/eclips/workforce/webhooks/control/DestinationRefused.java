package tech.eclips.workforce.webhooks.control;

/**
 * A destination a delivery must not reach. Its message names the URL's host and the refused class,
 * never anything read from the network.
 */
public class DestinationRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DestinationRefused(String message) {
    super(message, null, false, false);
  }
}
