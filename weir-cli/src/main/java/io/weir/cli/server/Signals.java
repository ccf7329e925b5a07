package io.weir.cli.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Ctrl-C and SIGTERM handled before the JVM starts shutting down, so a server can record its stopped tries while
 * the embedded metadata database is still open (its own shutdown hook would close it first). Uses the JDK's
 * {@code sun.misc.Signal} through reflection; where that is missing, the plain shutdown hook remains.
 */
public final class Signals {
    private Signals() {}

    /** Calls {@code onSignal} on the first SIGINT or SIGTERM, {@code onSecond} on the next. Returns false if unsupported. */
    public static boolean handle(Runnable onSignal, Runnable onSecond) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            boolean[] seen = {false};
            InvocationHandler invocation = (Object proxy, Method method, Object[] args) -> {
                switch (method.getName()) {
                    case "handle" -> {
                        boolean second;
                        synchronized (seen) {
                            second = seen[0];
                            seen[0] = true;
                        }
                        (second ? onSecond : onSignal).run();
                        return null;
                    }
                    case "hashCode" -> {
                        return System.identityHashCode(proxy);
                    }
                    case "equals" -> {
                        return proxy == args[0];
                    }
                    default -> {
                        return "weir-signal-handler";
                    }
                }
            };
            Object handler =
                    Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
            for (String name : List.of("INT", "TERM")) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
