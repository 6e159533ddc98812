"""Review that can say no: proposing, views, approval, changes asked for, rejection,
withdrawal, discarding, publishing, and the impact shown before publishing."""
