"""The pages of reviews of moderation: the centre asks (`centre`), operations assign
(`operations`), the reviewer decides (`reviewer`)."""
