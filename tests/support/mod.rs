pub mod fake_tencent;
