-- CreateEnum
CREATE TYPE "import_status" AS ENUM ('RUNNING', 'COMPLETE', 'FAILED');

-- CreateEnum
CREATE TYPE "import_phase" AS ENUM ('LISTING', 'READING', 'WRITING', 'DONE');

-- CreateTable
CREATE TABLE "import_jobs" (
    "id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "status" "import_status" NOT NULL,
    "phase" "import_phase" NOT NULL,
    "files_total" INTEGER NOT NULL,
    "files_read" INTEGER NOT NULL,
    "artists_added" INTEGER NOT NULL,
    "artists_updated" INTEGER NOT NULL,
    "albums_added" INTEGER NOT NULL,
    "albums_updated" INTEGER NOT NULL,
    "compilations" INTEGER NOT NULL,
    "problems" JSONB NOT NULL DEFAULT '[]',
    "problem_count" INTEGER NOT NULL,
    "encoding" TEXT,
    "error" JSONB,
    "owner" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "import_jobs_status_heartbeat_at_idx" ON "import_jobs"("status", "heartbeat_at");

-- CreateIndex
CREATE INDEX "import_jobs_finished_at_idx" ON "import_jobs"("finished_at");
