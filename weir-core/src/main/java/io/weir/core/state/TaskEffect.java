package io.weir.core.state;

/** What else must happen, in the same transaction or right after it, when a transition is applied. */
public enum TaskEffect {
    /** A new try starts: the XComs an earlier try left are deleted in the same transaction. */
    CLEAR_XCOMS,
    /** The instance was taken from the try running it (cleared, marked): its owner stops the try. */
    STOP_TRY,
    /** The instance reached a state that may ready its downstream or end its run: the run is decided again. */
    DECIDE_RUN
}
