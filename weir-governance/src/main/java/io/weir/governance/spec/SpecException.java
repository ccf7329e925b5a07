package io.weir.governance.spec;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.util.List;
import java.util.stream.Collectors;

/** A permission spec that cannot be used: every mistake, one line each, with file, line and what to fix. */
public final class SpecException extends WeirException {
    private final List<SpecError> errors;

    public SpecException(List<SpecError> errors) {
        super(ErrorCode.USER_INPUT, message(errors));
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }

    private static String message(List<SpecError> errors) {
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        return errors.size() + " problems in the permission spec:\n"
                + errors.stream().map(SpecError::toString).collect(Collectors.joining("\n"));
    }
}
