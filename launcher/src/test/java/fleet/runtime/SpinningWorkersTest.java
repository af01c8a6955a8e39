package fleet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class SpinningWorkersTest {

    @Test
    void lowersOnlyTheWorkersAndEachOnce() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        Thread worker = new Thread(() -> await(end), "test-worker");
        Thread other = new Thread(() -> await(end), "test-other");
        worker.start();
        other.start();
        try {
            SpinningWorkers workers = SpinningWorkers.matching(thread -> thread == worker);
            assertEquals(1, workers.demote());
            assertEquals(SpinningWorkers.DEMOTED_PRIORITY, worker.getPriority());
            assertEquals(Thread.NORM_PRIORITY, other.getPriority());
            assertEquals(0, workers.demote(), "a lowered worker is not lowered again");
        } finally {
            end.countDown();
        }
    }

    @Test
    void recognisesOpenemsWorkerThreadsByTheirClass() throws Exception {
        Thread openemsLike = (Thread) threadSubclassNamed(SpinningWorkers.OPENEMS_WORKER_THREAD)
                .getDeclaredConstructor().newInstance();
        Thread plain = new Thread(() -> {
        });
        assertEquals(true, SpinningWorkers.isOpenemsWorker(openemsLike));
        assertEquals(false, SpinningWorkers.isOpenemsWorker(plain));
    }

    /**
     * A Thread subclass with the given name and nothing else, made here: OpenEMS's AbstractWorker
     * runs its loop in its first anonymous class, a Thread subclass, and only that name matters.
     */
    private static Class<?> threadSubclassNamed(String name) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V21, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/lang/Thread", null);
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Thread", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        writer.visitEnd();
        byte[] bytes = writer.toByteArray();
        return new ClassLoader(SpinningWorkersTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(name, bytes, 0, bytes.length);
            }
        }.define();
    }

    private static void await(CountDownLatch end) {
        try {
            end.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
