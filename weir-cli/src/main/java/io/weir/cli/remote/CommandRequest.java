package io.weir.cli.remote;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A command as a caller sends it: token, working folder, arguments and environment. */
record CommandRequest(String token, Path workingDir, List<String> args, Map<String, String> environment) {
    /** The rest of a request whose {@code token} has been read. */
    static CommandRequest read(String token, DataInputStream in) throws IOException {
        String folder = Frames.readString(in);
        Path workingDir;
        try {
            workingDir = Path.of(folder);
        } catch (InvalidPathException e) {
            throw new IOException("the working folder '" + folder + "' is not a path here", e);
        }
        int argCount = in.readInt();
        if (argCount < 0 || argCount > 10_000) {
            throw new IOException(argCount + " arguments");
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < argCount; i++) {
            args.add(Frames.readString(in));
        }
        int variables = in.readInt();
        if (variables < 0 || variables > 10_000) {
            throw new IOException(variables + " environment variables");
        }
        Map<String, String> environment = new HashMap<>();
        for (int i = 0; i < variables; i++) {
            environment.put(Frames.readString(in), Frames.readString(in));
        }
        return new CommandRequest(token, workingDir, args, environment);
    }

    void write(DataOutputStream out) throws IOException {
        Frames.writeString(out, token);
        Frames.writeString(out, workingDir.toString());
        out.writeInt(args.size());
        for (String arg : args) {
            Frames.writeString(out, arg);
        }
        out.writeInt(environment.size());
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            Frames.writeString(out, variable.getKey());
            Frames.writeString(out, variable.getValue());
        }
        out.flush();
    }
}
