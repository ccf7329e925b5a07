package io.weir.extract.http;

import io.weir.extract.ExtractException;

/** An object whose load failed its integrity checks; its table is as it was before the load. */
public final class ChecksFailed extends ExtractException {
    private static final long serialVersionUID = 1L;

    ChecksFailed(String message) {
        super(message);
    }
}
