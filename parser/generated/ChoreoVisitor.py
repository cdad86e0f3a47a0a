# Generated from Choreo.g4 by ANTLR 4.13.2
from antlr4 import *
if "." in __name__:
    from .ChoreoParser import ChoreoParser
else:
    from ChoreoParser import ChoreoParser

# This class defines a complete generic visitor for a parse tree produced by ChoreoParser.

class ChoreoVisitor(ParseTreeVisitor):

    # Visit a parse tree produced by ChoreoParser#program.
    def visitProgram(self, ctx:ChoreoParser.ProgramContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#choreography.
    def visitChoreography(self, ctx:ChoreoParser.ChoreographyContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#roleDecl.
    def visitRoleDecl(self, ctx:ChoreoParser.RoleDeclContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#block.
    def visitBlock(self, ctx:ChoreoParser.BlockContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#commStmt.
    def visitCommStmt(self, ctx:ChoreoParser.CommStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#selectStmt.
    def visitSelectStmt(self, ctx:ChoreoParser.SelectStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#assignStmt.
    def visitAssignStmt(self, ctx:ChoreoParser.AssignStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#callResultStmt.
    def visitCallResultStmt(self, ctx:ChoreoParser.CallResultStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#callStmt.
    def visitCallStmt(self, ctx:ChoreoParser.CallStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#actionStmt.
    def visitActionStmt(self, ctx:ChoreoParser.ActionStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#ifStatement.
    def visitIfStatement(self, ctx:ChoreoParser.IfStatementContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#caseStmt.
    def visitCaseStmt(self, ctx:ChoreoParser.CaseStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#returnStmt.
    def visitReturnStmt(self, ctx:ChoreoParser.ReturnStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#checkpointStmt.
    def visitCheckpointStmt(self, ctx:ChoreoParser.CheckpointStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#forStmt.
    def visitForStmt(self, ctx:ChoreoParser.ForStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#selectLabel.
    def visitSelectLabel(self, ctx:ChoreoParser.SelectLabelContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#ifStmt.
    def visitIfStmt(self, ctx:ChoreoParser.IfStmtContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#caseClause.
    def visitCaseClause(self, ctx:ChoreoParser.CaseClauseContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#guard.
    def visitGuard(self, ctx:ChoreoParser.GuardContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#chorCall.
    def visitChorCall(self, ctx:ChoreoParser.ChorCallContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#roleArg.
    def visitRoleArg(self, ctx:ChoreoParser.RoleArgContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#newFamilyArg.
    def visitNewFamilyArg(self, ctx:ChoreoParser.NewFamilyArgContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#located.
    def visitLocated(self, ctx:ChoreoParser.LocatedContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#mapUpdate.
    def visitMapUpdate(self, ctx:ChoreoParser.MapUpdateContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#unaryExpr.
    def visitUnaryExpr(self, ctx:ChoreoParser.UnaryExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#primaryExpr.
    def visitPrimaryExpr(self, ctx:ChoreoParser.PrimaryExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#binaryExpr.
    def visitBinaryExpr(self, ctx:ChoreoParser.BinaryExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#varExpr.
    def visitVarExpr(self, ctx:ChoreoParser.VarExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#remoteCallExpr.
    def visitRemoteCallExpr(self, ctx:ChoreoParser.RemoteCallExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#callExpr.
    def visitCallExpr(self, ctx:ChoreoParser.CallExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#atomExpr.
    def visitAtomExpr(self, ctx:ChoreoParser.AtomExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#intExpr.
    def visitIntExpr(self, ctx:ChoreoParser.IntExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#floatExpr.
    def visitFloatExpr(self, ctx:ChoreoParser.FloatExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#charExpr.
    def visitCharExpr(self, ctx:ChoreoParser.CharExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#stringExpr.
    def visitStringExpr(self, ctx:ChoreoParser.StringExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#tupleExpr.
    def visitTupleExpr(self, ctx:ChoreoParser.TupleExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#listCompExpr.
    def visitListCompExpr(self, ctx:ChoreoParser.ListCompExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#listExpr.
    def visitListExpr(self, ctx:ChoreoParser.ListExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#mapExpr.
    def visitMapExpr(self, ctx:ChoreoParser.MapExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#binaryLit.
    def visitBinaryLit(self, ctx:ChoreoParser.BinaryLitContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#parenExpr.
    def visitParenExpr(self, ctx:ChoreoParser.ParenExprContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#mapLiteral.
    def visitMapLiteral(self, ctx:ChoreoParser.MapLiteralContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#mapField.
    def visitMapField(self, ctx:ChoreoParser.MapFieldContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#generatorQual.
    def visitGeneratorQual(self, ctx:ChoreoParser.GeneratorQualContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#filterQual.
    def visitFilterQual(self, ctx:ChoreoParser.FilterQualContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#binElem.
    def visitBinElem(self, ctx:ChoreoParser.BinElemContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#binValue.
    def visitBinValue(self, ctx:ChoreoParser.BinValueContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#binSize.
    def visitBinSize(self, ctx:ChoreoParser.BinSizeContext):
        return self.visitChildren(ctx)


    # Visit a parse tree produced by ChoreoParser#exprList.
    def visitExprList(self, ctx:ChoreoParser.ExprListContext):
        return self.visitChildren(ctx)



del ChoreoParser