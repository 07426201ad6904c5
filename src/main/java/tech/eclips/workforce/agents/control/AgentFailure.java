package tech.eclips.workforce.agents.control;

/** The agent itself failed (not the input): the run fails and its credits are refunded. */
public class AgentFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AgentFailure(String message) {
    super(message, null, false, false);
  }
}
