package dev.vigil.protection;

/** The outcome of a check-and-record: accepted (and recorded) or refused with a reason. */
public sealed interface Decision {
  Decision ACCEPTED = new Accepted();

  boolean accepted();

  /** Allowed and durably recorded (or an identical repeat of a recorded message). */
  record Accepted() implements Decision {
    @Override
    public boolean accepted() {
      return true;
    }
  }

  /** Refused; nothing was recorded. */
  record Refused(Refusal refusal) implements Decision {
    @Override
    public boolean accepted() {
      return false;
    }
  }
}
