"""Search over playbooks and account notes: chunking, embeddings, hybrid ranking."""
