package io.cairn.runtime.exec;

import io.cairn.api.DurableObject;
import io.cairn.runtime.deploy.LoadedNamespace;
import io.cairn.runtime.sqlite.ObjectDatabase;

/** An activated object: the code it runs, its open database and the user's instance. */
record LiveInstance(LoadedNamespace code, ObjectDatabase db, DurableObject object, ObjectContextImpl context) {
}
