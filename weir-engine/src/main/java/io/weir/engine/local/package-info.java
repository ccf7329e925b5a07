/**
 * The local executor: runs claimed tries on threads of this process and the processes they start, behind the
 * engine's {@link io.weir.engine.executor.Executor} interface.
 */
package io.weir.engine.local;
