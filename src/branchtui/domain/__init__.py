"""The rules of a branch's year: plan items, checklists and periods, members and stages."""
