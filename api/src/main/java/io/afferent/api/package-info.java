/**
 * Afferent's public API: what a user's message types, sources, stages, extensions and plugins compile against.
 * Nothing here depends on Afferent's internals; the runtime implements the set-up interfaces. Threads: factories
 * and {@link io.afferent.api.RunHook}s run on the set-up thread; a source's methods on its reader thread; a stage's
 * handlers and lifecycle on its stage thread; a {@link io.afferent.api.Sink} on its own thread; report sections on
 * the main thread after the run.
 */
package io.afferent.api;
