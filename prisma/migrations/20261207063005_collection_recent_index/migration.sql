-- CreateIndex
CREATE INDEX "artists_created_at_id_idx" ON "artists"("created_at" DESC, "id" DESC);
