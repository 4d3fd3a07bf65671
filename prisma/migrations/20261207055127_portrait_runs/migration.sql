-- CreateEnum
CREATE TYPE "portrait_run_status" AS ENUM ('QUEUED', 'RUNNING', 'PAUSED', 'COMPLETE', 'CANCELLED', 'BUDGET_REACHED', 'FAILED');

-- CreateEnum
CREATE TYPE "portrait_run_item_status" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "portrait_runs" (
    "id" UUID NOT NULL,
    "status" "portrait_run_status" NOT NULL,
    "language" TEXT NOT NULL,
    "length" "article_length" NOT NULL,
    "tone" "article_tone" NOT NULL,
    "selection" JSONB NOT NULL,
    "budget_tokens" INTEGER,
    "budget_cost" DOUBLE PRECISION,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "reserved_tokens" INTEGER NOT NULL DEFAULT 0,
    "paused_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "portrait_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "portrait_run_items" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "artist_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "status" "portrait_run_item_status" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "generation_id" UUID,
    "error" JSONB,
    "tokens" INTEGER NOT NULL DEFAULT 0,
    "cost" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "owner" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "portrait_run_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "portrait_runs_created_at_idx" ON "portrait_runs"("created_at" DESC);

-- CreateIndex
CREATE INDEX "portrait_run_items_run_id_position_idx" ON "portrait_run_items"("run_id", "position");

-- CreateIndex
CREATE INDEX "portrait_run_items_status_heartbeat_at_idx" ON "portrait_run_items"("status", "heartbeat_at");

-- CreateIndex
CREATE UNIQUE INDEX "portrait_run_items_run_id_artist_id_key" ON "portrait_run_items"("run_id", "artist_id");

-- AddForeignKey
ALTER TABLE "portrait_run_items" ADD CONSTRAINT "portrait_run_items_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "portrait_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "portrait_run_items" ADD CONSTRAINT "portrait_run_items_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artists"("id") ON DELETE CASCADE ON UPDATE CASCADE;
