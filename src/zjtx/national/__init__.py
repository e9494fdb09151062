"""The built-in national rules: 63号 (2022), the 2026 revision, and SME size classes (300号)."""
