"""Survey open answers, coded with the workspace's codebook (suggestions included) and then
counted as survey evidence beside, never inside, the interviews' drivers."""
