"""parser/generated"""
